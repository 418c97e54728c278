"""Demonstrations for the Meta-Refiner's warm start: trajectories with a known earliest
flawed step [ours].

The paper starts from an instruct model that can already read its control prompt; our
tiny demo model has never seen it, so SFT also teaches the prompt's format on
trajectories whose first mistake is known by construction: none (0), a vague first
search, a search for the wrong person (1), a wrong bridge company (2), a wrong founder
(3, 3-hop questions), or a wrong final answer after good searches (the answer step).
GRPO then trains the decision tokens with the trajectory's advantage, as the paper does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from searchr2.retrieval.types import Retriever
from searchr2.rollout.trajectory import TurnRecord
from searchr2.world.demos import VAGUE_QUERIES
from searchr2.world.questions import Question


@dataclass(frozen=True)
class RefinerDemo:
    question: Question
    turns: list[TurnRecord]
    flawed_step: int  # 0: nothing wrong


def _search(retriever: Retriever, top_k: int, think: str, query: str) -> TurnRecord:
    text = f"<think> {think} </think>\n<search> {query} </search>"
    return TurnRecord(text, think, "search", query, hits=retriever.search([query], top_k)[0])


def _answer(think: str, answer: str) -> TurnRecord:
    return TurnRecord(
        f"<think> {think} </think>\n<answer> {answer} </answer>", think, "answer", answer
    )


def _path(
    q: Question,
    retriever: Retriever,
    top_k: int,
    person: str,
    company: str,
    answer: str,
    founder: str | None = None,
) -> list[TurnRecord]:
    """The gold path's shape, with whichever person, bridges and answer it is given."""
    turns = [_search(retriever, top_k, f"I need to find information about {person}.", person)]
    if q.kind in ("headquarters", "founder", "founder_birthplace"):
        turns.append(_search(retriever, top_k, f"{person} works for {company}.", company))
    if q.kind == "founder_birthplace":
        founder = founder or q.founder
        turns.append(_search(retriever, top_k, f"{company} was founded by {founder}.", founder))
    turns.append(_answer(f"The answer is {answer}.", answer))
    return turns


def build_refiner_demos(
    questions: list[Question], retriever: Retriever, top_k: int, seed: int
) -> list[RefinerDemo]:
    rng = random.Random(seed)
    people = sorted({q.person for q in questions})
    companies = sorted({q.company for q in questions})
    founders = sorted({q.founder for q in questions if q.founder})
    answers_by_kind: dict[str, list[str]] = {}
    for q in questions:
        answers_by_kind.setdefault(q.kind, []).append(q.golden_answers[0])
    demos: list[RefinerDemo] = []
    for q in questions:
        answer = q.golden_answers[0]
        gold = _path(q, retriever, top_k, q.person, q.company, answer)
        demos.append(RefinerDemo(q, gold, 0))
        vague = VAGUE_QUERIES[q.kind]
        detour = _search(retriever, top_k, f"I will search for the {vague}.", vague)
        demos.append(RefinerDemo(q, [detour, *gold], 1))
        wrong_answers = [a for a in answers_by_kind[q.kind] if a not in q.golden_answers]
        if not wrong_answers:
            continue  # a world too small to have a wrong answer of this kind
        wrong = rng.choice(wrong_answers)
        other = rng.choice([p for p in people if p != q.person] or people)
        demos.append(RefinerDemo(q, _path(q, retriever, top_k, other, q.company, wrong), 1))
        if q.kind in ("headquarters", "founder", "founder_birthplace"):
            bridge = rng.choice([c for c in companies if c != q.company] or companies)
            demos.append(RefinerDemo(q, _path(q, retriever, top_k, q.person, bridge, wrong), 2))
        if q.kind == "founder_birthplace":
            founder = rng.choice([p for p in founders if p != q.founder] or founders)
            turns = _path(q, retriever, top_k, q.person, q.company, wrong, founder)
            demos.append(RefinerDemo(q, turns, 3))
        turns = _path(q, retriever, top_k, q.person, q.company, wrong)
        demos.append(RefinerDemo(q, turns, len(turns)))
    return demos
