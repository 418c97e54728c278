"""Demonstration trajectories for the SFT warm start.

Gold demos search for the person, then (2-hop) for their employer, then (3-hop) for
its founder, then answer. A fraction are noisy: the first search is a vague keyword
query that misses, and the demo recovers by searching the name. DEMO-FEASIBILITY
found that without such noise the SFT policy is too clean: GRPO groups get identical
rewards and no signal. The bad query is a keyword, not another person's name, so the
noise does not teach the model to emit memorised names. A 3-hop demo is never noisy:
its gold path already takes the four turns the rollout allows (rollout.max_turns).
"""

from __future__ import annotations

from dataclasses import dataclass

from searchr2.retrieval.types import Retriever
from searchr2.text.prompt import information_block
from searchr2.world.questions import Question

VAGUE_QUERIES = {
    "birthplace": "birthplace",
    "employer": "employer company",
    "headquarters": "company headquarters city",
    "founder": "company founder",
    "founder_birthplace": "company founder birthplace",
}


@dataclass(frozen=True)
class Segment:
    text: str
    generated: bool  # True: the model wrote it (trained on); False: the environment did


def _turn(think: str, tag: str, content: str) -> Segment:
    return Segment(f"<think> {think} </think>\n<{tag}> {content} </{tag}>", True)


def build_demo(question: Question, retriever: Retriever, top_k: int, noisy: bool) -> list[Segment]:
    def search(query: str) -> Segment:
        hits = retriever.search([query], top_k)[0]
        return Segment(information_block([h.passage for h in hits]), False)

    p, company, answer = question.person, question.company, question.golden_answers[0]
    segments: list[Segment] = []
    if noisy and question.kind != "founder_birthplace":
        vague = VAGUE_QUERIES[question.kind]
        segments += [_turn(f"I will search for the {vague}.", "search", vague), search(vague)]
        segments.append(_turn(f"The results do not mention {p}.", "search", p))
    elif question.kind in ("birthplace", "employer"):
        segments.append(_turn(f"I need to find information about {p}.", "search", p))
    else:
        segments.append(_turn(f"First I need the company that {p} works for.", "search", p))
    segments.append(search(p))
    if question.kind == "birthplace":
        segments.append(_turn(f"{p} was born in {answer}.", "answer", answer))
    elif question.kind == "employer":
        segments.append(_turn(f"{p} works for {answer}.", "answer", answer))
    else:
        segments.append(_turn(f"{p} works for {company}.", "search", company))
        segments.append(search(company))
        if question.kind == "founder_birthplace":
            founder = question.founder
            segments.append(_turn(f"{company} was founded by {founder}.", "search", founder))
            segments.append(search(founder))
            segments.append(_turn(f"{founder} was born in {answer}.", "answer", answer))
            return segments
        fact = "is headquartered in" if question.kind == "headquarters" else "was founded by"
        segments.append(_turn(f"{company} {fact} {answer}.", "answer", answer))
    return segments
