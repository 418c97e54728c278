"""Read the world files back: the same JSONL formats a real Search-R1 dataset uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searchr2.retrieval.types import Passage


@dataclass(frozen=True)
class QARow:
    id: str
    question: str
    golden_answers: list[str]
    data_source: str
    supporting_ids: list[str]


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_corpus(path: Path) -> list[Passage]:
    return [Passage(str(r["id"]), str(r["contents"])) for r in _rows(path)]


def load_questions(path: Path) -> list[QARow]:
    return [
        QARow(
            id=str(r["id"]),
            question=str(r["question"]),
            golden_answers=[str(a) for a in r["golden_answers"]],
            data_source=str(r.get("data_source", path.stem)),
            supporting_ids=[str(s) for s in r.get("supporting_ids", [])],
        )
        for r in _rows(path)
    ]
