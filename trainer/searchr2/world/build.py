"""One call that builds the whole demo world, and its JSONL files."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from searchr2.config.schema import WorldConfig
from searchr2.retrieval.types import Passage
from searchr2.world.corpus import build_corpus
from searchr2.world.entities import World, build_entities
from searchr2.world.questions import Question, build_questions


@dataclass(frozen=True)
class DemoWorld:
    world: World
    passages: list[Passage]
    questions: list[Question]

    def split(self, name: str) -> list[Question]:
        return [q for q in self.questions if q.split == name]

    def sft_world(self) -> DemoWorld:
        """The world without its rl people: what the tokenizer and SFT are built from."""
        world = replace(self.world, rl_people=[])
        questions = [q for q in self.questions if q.split != "rl"]
        return DemoWorld(world, build_corpus(world), questions)

    def grpo_questions(self) -> list[Question]:
        """GRPO's questions: the rl people's when the world has them, else the SFT's own."""
        return self.split("rl") or self.split("train")


def build_world(
    seed: int,
    n_people: int,
    n_companies: int,
    n_cities: int,
    heldout_fraction: float,
    rl_people: int = 0,
    hops: int = 2,
) -> DemoWorld:
    world = build_entities(seed, n_people, n_companies, n_cities, rl_people)
    passages = build_corpus(world)
    return DemoWorld(world, passages, build_questions(world, passages, heldout_fraction, hops))


def build_configured_world(w: WorldConfig) -> DemoWorld:
    return build_world(
        w.seed, w.n_people, w.n_companies, w.n_cities, w.heldout_fraction, w.rl_people, w.hops
    )


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_world_files(demo: DemoWorld, directory: Path) -> None:
    """corpus.jsonl, train.jsonl (GRPO's questions) and heldout.jsonl, in the formats
    Search-R1 reads."""
    write_jsonl(
        directory / "corpus.jsonl", [{"id": p.id, "contents": p.contents} for p in demo.passages]
    )
    write_jsonl(directory / "train.jsonl", [q.to_row() for q in demo.grpo_questions()])
    write_jsonl(directory / "heldout.jsonl", [q.to_row() for q in demo.split("heldout")])
