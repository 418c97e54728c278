"""The world's passages, one per entity, in Search-R1 corpus format."""

from __future__ import annotations

from searchr2.retrieval.types import Passage
from searchr2.world.entities import World


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def build_corpus(world: World) -> list[Passage]:
    founded_by: dict[str, list[str]] = {}
    for company in world.companies:
        founded_by.setdefault(company.founder, []).append(company.name)
    passages: list[Passage] = []
    for person in world.people:
        text = (
            f"{person.name} was born in {person.birthplace} and works for "
            f"{person.employer} as {_article(person.job)} {person.job}."
        )
        for company_name in founded_by.get(person.name, []):
            text += f" {person.name} founded {company_name}."
        passages.append(Passage(f"p{len(passages)}", f'"{person.name}"\n{text}'))
    for company in world.companies:
        text = (
            f"{company.name} is a company headquartered in {company.headquarters}. "
            f"It was founded by {company.founder}."
        )
        passages.append(Passage(f"p{len(passages)}", f'"{company.name}"\n{text}'))
    for city in world.cities:
        text = f"{city.name} is a city {city.feature}."
        passages.append(Passage(f"p{len(passages)}", f'"{city.name}"\n{text}'))
    return passages


def passage_ids_by_title(passages: list[Passage]) -> dict[str, str]:
    return {p.title: p.id for p in passages}
