"""One trajectory as it grows: token ids, which of them the model wrote, and its turns.

Token ids are kept as generated and as the environment's text was encoded, never
re-tokenised from decoded text, so the training forward pass sees exactly the
sequence that was sampled. ``loss_mask`` is 1 on model-written tokens and 0 on
retrieved documents and feedback (Search-R1's info mask).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from searchr2.retrieval.types import Hit
from searchr2.text.tags import ActionKind, extract_answer


class QAItem(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def golden_answers(self) -> list[str]: ...
    @property
    def data_source(self) -> str: ...


@dataclass
class TurnRecord:
    text: str
    think: str | None
    action: ActionKind
    content: str  # query or answer
    hits: list[Hit] = field(default_factory=list)
    feedback: str | None = None
    executed: bool = True  # False for a search past the budget, which is not run


@dataclass
class Trajectory:
    item: QAItem
    prompt_ids: list[int]
    response_ids: list[int] = field(default_factory=list)
    loss_mask: list[int] = field(default_factory=list)
    turns: list[TurnRecord] = field(default_factory=list)
    done: bool = False
    truncated: bool = False

    @property
    def context(self) -> list[int]:
        return self.prompt_ids + self.response_ids

    def add_generated(self, ids: list[int]) -> None:
        self.response_ids += ids
        self.loss_mask += [1] * len(ids)

    def add_environment(self, ids: list[int]) -> None:
        self.response_ids += ids
        self.loss_mask += [0] * len(ids)

    @property
    def n_searches(self) -> int:
        return sum(1 for t in self.turns if t.action == "search" and t.executed)

    @property
    def final_answer(self) -> str | None:
        # Scored on the model's own text only: a retrieved document that happens to
        # contain an <answer> tag must not answer for the model.
        return extract_answer("\n".join(t.text for t in self.turns))
