"""Entities and the facts that link them; every choice flows from one seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from searchr2.world.names import (
    FIRST_NAMES,
    LAST_NAMES,
    UniqueNames,
    fresh_person_name,
    person_names,
)

COMPANY_SUFFIXES = ("Labs", "Works", "Systems", "Holdings", "Foods", "Motors")
JOBS = ("engineer", "designer", "accountant", "chemist", "manager", "writer", "pilot")
CITY_FEATURES = ("on a river", "on the coast", "in the hills", "near a lake", "on a plain")


@dataclass(frozen=True)
class City:
    name: str
    feature: str


@dataclass(frozen=True)
class Company:
    name: str  # e.g. "Kelvane Labs"; the bare word "Kelvane" is an accepted alias
    short: str
    headquarters: str  # city name
    founder: str  # person name


@dataclass(frozen=True)
class Person:
    name: str
    birthplace: str
    employer: str  # company name
    job: str


@dataclass(frozen=True)
class World:
    seed: int
    cities: list[City]
    companies: list[Company]
    people: list[Person]
    # People no SFT demonstration mentions, whose questions are GRPO's (world.rl_people).
    rl_people: list[Person] = field(default_factory=list)


def build_entities(
    seed: int, n_people: int, n_companies: int, n_cities: int, rl_people: int = 0
) -> World:
    rng = random.Random(seed)
    names = UniqueNames(rng)
    cities = [City(names.word(2), rng.choice(CITY_FEATURES)) for _ in range(n_cities)]
    people_names = person_names(rng, n_people)
    companies: list[Company] = []
    for _ in range(n_companies):
        short = names.word(2)
        companies.append(
            Company(
                name=f"{short} {rng.choice(COMPANY_SUFFIXES)}",
                short=short,
                headquarters=rng.choice(cities).name,
                founder=rng.choice(people_names),
            )
        )
    people = []
    for name in people_names:
        # Founders never work for the company they founded, so the founder question
        # cannot be answered by echoing the person asked about.
        employer = rng.choice([c for c in companies if c.founder != name])
        people.append(Person(name, rng.choice(cities).name, employer.name, rng.choice(JOBS)))
    newcomers = _newcomers(seed, rl_people, people, cities, companies)
    return World(seed, cities, companies, people, newcomers)


def _newcomers(
    seed: int, count: int, people: list[Person], cities: list[City], companies: list[Company]
) -> list[Person]:
    """``count`` more people with their own generator, so the SFT world stays as it was."""
    rng = random.Random(f"{seed}-rl-people")
    taken = {p.name for p in people}
    room = len(FIRST_NAMES) * len(LAST_NAMES) - len(taken)
    if count > room:
        raise ValueError(f"world.rl_people: the name pool has room for {room} more people")
    out: list[Person] = []
    while len(out) < count:
        name = fresh_person_name(rng)
        if name in taken:
            continue
        taken.add(name)
        employer = rng.choice(companies).name
        out.append(Person(name, rng.choice(cities).name, employer, rng.choice(JOBS)))
    return out
