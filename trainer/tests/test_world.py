from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.world.build import build_world


def _world(seed: int = 0):  # type: ignore[no-untyped-def]
    return build_world(seed, n_people=40, n_companies=8, n_cities=6, heldout_fraction=0.25)


def test_same_seed_same_world_and_other_seed_other_world() -> None:
    a, b, c = _world(0), _world(0), _world(1)
    assert [p.contents for p in a.passages] == [p.contents for p in b.passages]
    assert [q.to_row() for q in a.questions] == [q.to_row() for q in b.questions]
    assert [p.contents for p in a.passages] != [p.contents for p in c.passages]


def test_corpus_rows_use_search_r1_format() -> None:
    for p in _world().passages:
        title, text = p.contents.split("\n", 1)
        assert title.startswith('"') and title.endswith('"') and text


def test_split_is_by_person_and_questions_have_gold_evidence() -> None:
    demo = _world()
    train = {q.person for q in demo.split("train")}
    heldout = {q.person for q in demo.split("heldout")}
    assert train and heldout and not train & heldout
    ids = {p.id for p in demo.passages}
    for q in demo.questions:
        assert q.golden_answers and set(q.supporting_ids) <= ids
        assert q.data_source == ("demo-2hop" if len(q.supporting_ids) == 2 else "demo-1hop")


def test_bm25_top3_finds_the_gold_passage_for_the_right_query() -> None:
    demo = _world()
    retriever = BM25Retriever(demo.passages)
    for q in demo.questions:
        queries = [q.person] if len(q.supporting_ids) == 1 else [q.person, q.company]
        hits = retriever.search(queries, top_k=3)
        for gold, found in zip(q.supporting_ids, hits, strict=True):
            assert gold in [h.passage.id for h in found], q.question


def test_bm25_returns_nothing_for_words_the_corpus_lacks() -> None:
    retriever = BM25Retriever(_world().passages)
    assert retriever.search(["xyzzy", "the"], top_k=3) == [[], []]


def test_rl_people_are_new_people_and_leave_the_sft_world_as_it_was() -> None:
    plain = _world()
    demo = build_world(0, n_people=40, n_companies=8, n_cities=6, heldout_fraction=0.25,
                       rl_people=30)  # fmt: skip
    # The SFT's world, its passage ids and its questions do not move.
    n = len(plain.passages)
    assert [p.contents for p in demo.passages[:n]] == [p.contents for p in plain.passages]
    assert [q.to_row() for q in demo.questions if q.split != "rl"] == [
        q.to_row() for q in plain.questions
    ]
    sft = demo.sft_world()
    assert [p.contents for p in sft.passages] == [p.contents for p in plain.passages]
    assert sft.questions == plain.questions
    rl = demo.split("rl")
    assert len(rl) == 30 * 4 and demo.grpo_questions() == rl
    assert plain.grpo_questions() == plain.split("train")
    seen = {q.person for q in demo.questions if q.split != "rl"}
    assert not {q.person for q in rl} & seen  # no SFT demo or held-out question is about them
    # Each is answerable from the corpus: their own passage, then their employer's.
    retriever = BM25Retriever(demo.passages)
    for q in rl:
        gold = q.supporting_ids[0]
        assert [h.passage.id for h in retriever.search([q.person], top_k=1)[0]] == [gold]
        assert q.golden_answers[0] in next(p for p in demo.passages if p.id == gold).text or (
            len(q.supporting_ids) == 2
        )
