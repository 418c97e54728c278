"""1-hop, 2-hop and (world.hops 3) 3-hop questions about each person, split by person:
train (the SFT's people), held-out, and rl (people only GRPO sees, when the world has
them)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from searchr2.retrieval.types import Passage
from searchr2.world.corpus import passage_ids_by_title
from searchr2.world.entities import Company, Person, World

Kind = Literal["birthplace", "employer", "headquarters", "founder", "founder_birthplace"]
Split = Literal["train", "heldout", "rl"]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    golden_answers: list[str]
    supporting_ids: list[str]
    data_source: str
    split: Split
    kind: Kind
    person: str
    company: str  # the person's employer; the bridge entity of the 2-hop questions
    founder: str = ""  # the employer's founder; the second bridge of the 3-hop question

    def to_row(self) -> dict[str, object]:
        """Search-R1 question row plus our optional gold evidence."""
        return {
            "id": self.id,
            "question": self.question,
            "golden_answers": self.golden_answers,
            "supporting_ids": self.supporting_ids,
            "data_source": self.data_source,
            "split": self.split,
        }


def build_questions(
    world: World, passages: list[Passage], heldout_fraction: float, hops: int = 2
) -> list[Question]:
    ids = passage_ids_by_title(passages)
    companies = {c.name: c for c in world.companies}
    birthplaces = {p.name: p.birthplace for p in world.people}
    order = list(range(len(world.people)))
    random.Random(world.seed + 1).shuffle(order)
    n_heldout = round(len(order) * heldout_fraction)
    heldout = {world.people[i].name for i in order[:n_heldout]}
    questions: list[Question] = []
    for person in world.people:
        split: Split = "heldout" if person.name in heldout else "train"
        questions += _about(person, companies, ids, split, len(questions))
        if hops >= 3:
            questions.append(_three_hop(person, companies, birthplaces, ids, split, len(questions)))
    for person in world.rl_people:
        questions += _about(person, companies, ids, "rl", len(questions))
        if hops >= 3:
            questions.append(_three_hop(person, companies, birthplaces, ids, "rl", len(questions)))
    return questions


def _about(
    person: Person, companies: dict[str, Company], ids: dict[str, str], split: Split, first: int
) -> list[Question]:
    company = companies[person.employer]
    own, firm = ids[person.name], ids[company.name]
    asked: list[tuple[Kind, str, list[str], list[str]]] = [
        ("birthplace", f"Where was {person.name} born?", [person.birthplace], [own]),
        (
            "employer",
            f"Which company does {person.name} work for?",
            [company.name, company.short],
            [own],
        ),
        (
            "headquarters",
            f"In which city is the company that {person.name} works for?",
            [company.headquarters],
            [own, firm],
        ),
        (
            "founder",
            f"Who founded the company that {person.name} works for?",
            [company.founder],
            [own, firm],
        ),
    ]
    return [
        Question(
            id=f"q{first + i}",
            question=text,
            golden_answers=answers,
            supporting_ids=support,
            data_source=f"demo-{'2hop' if len(support) > 1 else '1hop'}",
            split=split,
            kind=kind,
            person=person.name,
            company=company.name,
            founder=company.founder,
        )
        for i, (kind, text, answers, support) in enumerate(asked)
    ]


def _three_hop(
    person: Person,
    companies: dict[str, Company],
    birthplaces: dict[str, str],
    ids: dict[str, str],
    split: Split,
    index: int,
) -> Question:
    """The person, their employer, its founder, the founder's birthplace [ours]: a chain
    whose third search can go wrong after two right ones, where a cut keeps both."""
    company = companies[person.employer]
    return Question(
        id=f"q{index}",
        question=f"Where was the founder of the company that {person.name} works for born?",
        golden_answers=[birthplaces[company.founder]],
        supporting_ids=[ids[person.name], ids[company.name], ids[company.founder]],
        data_source="demo-3hop",
        split=split,
        kind="founder_birthplace",
        person=person.name,
        company=company.name,
        founder=company.founder,
    )
