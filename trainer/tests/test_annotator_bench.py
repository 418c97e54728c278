"""The annotator benchmark's ground truth and its labels (bench/annotator*.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from searchr2.config.load import resolve_config
from searchr2.protocol.schema import validation_errors
from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.rollout.record import turn_to_dict
from searchr2.world.build import build_configured_world
from searchr2.world.refiner_demos import build_refiner_demos

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from annotator import Annotator, Arm
from annotator_truth import earliest_flawed_step


def _search(doc_ids: list[str]) -> dict[str, Any]:
    docs = [{"id": i, "title": "t", "text": "x", "score": 1.0} for i in doc_ids]
    return {"action": "search", "query": "q", "documents": docs}


def _answer(text: str) -> dict[str, Any]:
    return {"action": "answer", "answer": text}


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([_search(["p1"]), _search(["c1"]), _answer("Oslo")], 0),
        ([_search(["p1"]), _search(["c1"]), _answer("the oslo")], 0),  # normalised EM
        ([_search(["zz"]), _search(["p1"]), _answer("Oslo")], 1),  # detour, right answer
        ([_search(["p1"]), _search(["c9"]), _answer("Bergen")], 2),  # wrong bridge
        ([_search(["p1"]), _search(["c1"]), _answer("Bergen")], 3),  # wrong answer
        ([_search([]), _answer("Oslo")], 1),  # no results
        ([{"action": "invalid"}, _answer("Oslo")], 1),
        ([_search(["p1"]), _search(["c1"])], 2),  # never answered
    ],
)
def test_the_truth_rule(turns: list[dict[str, Any]], expected: int) -> None:
    assert earliest_flawed_step(turns, ["p1", "c1"], ["Oslo"]) == expected


@pytest.mark.parametrize("hops", [2, 3])
def test_the_rule_agrees_with_the_refiner_demos_known_mistakes(hops: int) -> None:
    """Cut accuracy is measured on the demo's held-out refiner demos: the annotator must
    mean the same step there. (In the tiny test world a vague query can hit a gold
    passage by chance; in the demo world, with one passage a search, it never does.)"""
    config = resolve_config("demo", assignments=[f"world.hops={hops}"])
    demo = build_configured_world(config.world).sft_world()
    retriever = BM25Retriever(demo.passages)
    demos = build_refiner_demos(demo.split("heldout"), retriever, config.rollout.top_k, seed=1)
    assert {d.flawed_step for d in demos} == set(range(hops + 2))  # 0, each search, answer
    for d in demos:
        turns = [turn_to_dict(t) for t in d.turns]
        truth = earliest_flawed_step(turns, d.question.supporting_ids, d.question.golden_answers)
        assert truth == d.flawed_step, (d.question.question, turns)


def _rollout(step: int, index: int) -> dict[str, Any]:
    return {
        "id": f"s{step}-q{index // 5}-g{index % 5}",
        "step": step,
        "question_id": "q",
        "turns": [_search(["zz"]), _answer("Oslo")],
    }


def test_the_annotator_labels_n_rollouts_a_step_spread_over_the_batch() -> None:
    annotator = Annotator(Arm("labels", 4, 1.0), {"q": (["p1"], ["Oslo"])}, batch=40)
    sent = [
        annotator.on_event({"type": "rollout", "rollout": _rollout(step, i)})
        for step in (1, 2)
        for i in range(40)
    ]
    commands = [c for c in sent if c is not None]
    assert len(commands) == 8
    assert [c["label"]["rollout_id"] for c in commands[:4]] == [
        "s1-q0-g0",
        "s1-q2-g0",
        "s1-q4-g0",
        "s1-q6-g0",
    ]
    for c in commands:
        assert c["label"]["cut"] == 1  # the detour search
        assert validation_errors(c, "Command") == []
    silent = Annotator(Arm("none", 0, 1.0), {"q": (["p1"], ["Oslo"])}, batch=40)
    assert silent.on_event({"type": "rollout", "rollout": _rollout(1, 0)}) is None
