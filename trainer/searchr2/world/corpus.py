"""The world's passages, one per entity, in Search-R1 corpus format."""

from __future__ import annotations

from searchr2.retrieval.types import Passage
from searchr2.world.entities import Person, World


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def build_corpus(world: World) -> list[Passage]:
    founded_by: dict[str, list[str]] = {}
    for company in world.companies:
        founded_by.setdefault(company.founder, []).append(company.name)
    passages: list[Passage] = []
    for person in world.people:
        passages.append(_person_passage(f"p{len(passages)}", person, founded_by))
    for company in world.companies:
        text = (
            f"{company.name} is a company headquartered in {company.headquarters}. "
            f"It was founded by {company.founder}."
        )
        passages.append(Passage(f"p{len(passages)}", f'"{company.name}"\n{text}'))
    for city in world.cities:
        text = f"{city.name} is a city {city.feature}."
        passages.append(Passage(f"p{len(passages)}", f'"{city.name}"\n{text}'))
    # Last, so the passage ids of the SFT world do not depend on world.rl_people.
    for person in world.rl_people:
        passages.append(_person_passage(f"p{len(passages)}", person, founded_by))
    return passages


def _person_passage(pid: str, person: Person, founded_by: dict[str, list[str]]) -> Passage:
    text = (
        f"{person.name} was born in {person.birthplace} and works for "
        f"{person.employer} as {_article(person.job)} {person.job}."
    )
    for company_name in founded_by.get(person.name, []):
        text += f" {person.name} founded {company_name}."
    return Passage(pid, f'"{person.name}"\n{text}')


def passage_ids_by_title(passages: list[Passage]) -> dict[str, str]:
    return {p.title: p.id for p in passages}
