"""Passages in the Search-R1 / FlashRAG corpus format and the retriever interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Passage:
    """One corpus row ``{"id", "contents"}``; contents is ``"Title"\\ntext``."""

    id: str
    contents: str

    @property
    def title_line(self) -> str:
        return self.contents.split("\n", 1)[0]

    @property
    def title(self) -> str:
        # wiki-18 quotes its titles; the editor shows them bare.
        return self.title_line.strip().strip('"')

    @property
    def text(self) -> str:
        parts = self.contents.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


class Retriever(Protocol):
    def search(self, queries: list[str], top_k: int) -> list[list[Hit]]:
        """Top-k hits for each query, best first."""
        ...
