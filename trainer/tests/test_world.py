from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.world.build import build_world
from searchr2.world.demos import build_demo


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


def test_three_hops_add_the_founders_birthplace_and_leave_the_rest_as_it_was() -> None:
    plain = _world()
    deep = build_world(0, n_people=40, n_companies=8, n_cities=6, heldout_fraction=0.25,
                       rl_people=10, hops=3)  # fmt: skip
    assert [p.contents for p in deep.passages[: len(plain.passages)]] == [
        p.contents for p in plain.passages
    ]
    three = [q for q in deep.questions if q.data_source == "demo-3hop"]
    assert {q.kind for q in three} == {"founder_birthplace"}
    assert len(three) == 50  # one a person, the rl people's included
    assert [q.question for q in deep.questions if q.data_source != "demo-3hop"][:160] == [
        q.question for q in plain.questions
    ][:160]
    people = {p.name: p for p in deep.world.people}
    companies = {c.name: c for c in deep.world.companies}
    retriever = BM25Retriever(deep.passages)
    for q in three:
        founder = companies[q.company].founder
        assert q.founder == founder and q.golden_answers == [people[founder].birthplace]
        # The chain: the person's passage, then the employer's, then the founder's.
        hits = retriever.search([q.person, q.company, founder], top_k=1)
        assert [h[0].passage.id for h in hits] == q.supporting_ids, q.question
        assert q.founder in hits[1][0].passage.text
        assert q.golden_answers[0] in hits[2][0].passage.text


def test_a_three_hop_demo_searches_person_company_founder_then_answers() -> None:
    demo = build_world(0, n_people=40, n_companies=8, n_cities=6, heldout_fraction=0.25, hops=3)
    retriever = BM25Retriever(demo.passages)
    q = next(q for q in demo.split("train") if q.kind == "founder_birthplace")
    for noisy in (False, True):  # never noisy: the gold path fills rollout.max_turns
        turns = [s.text for s in build_demo(q, retriever, 1, noisy) if s.generated]
        queries = [t.split("<search> ")[1].split(" </search>")[0] for t in turns[:-1]]
        assert queries == [q.person, q.company, q.founder]
        assert turns[-1].endswith(f"<answer> {q.golden_answers[0]} </answer>")
