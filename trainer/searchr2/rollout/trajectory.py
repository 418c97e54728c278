"""One trajectory as it grows: token ids, which of them the model wrote, and its turns.

Token ids are kept as generated and as the environment's text was encoded, never
re-tokenised from decoded text, so the training forward pass sees exactly the
sequence that was sampled. ``loss_mask`` is 1 on model-written tokens and 0 on
retrieved documents and feedback (Search-R1's info mask).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from searchr2.model.kv import RowCache
from searchr2.retrieval.types import Hit
from searchr2.text.tags import ActionKind, extract_answer

if TYPE_CHECKING:
    from searchr2.refiner.reviser import Decision


class QAItem(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def golden_answers(self) -> list[str]: ...
    @property
    def data_source(self) -> str: ...
    @property
    def supporting_ids(self) -> list[str]: ...


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
    # Offset in response_ids where each turn's generated tokens begin: a Meta-Refiner
    # cut at step j keeps response_ids[: turn_starts[j - 1]].
    turn_starts: list[int] = field(default_factory=list)
    done: bool = False
    truncated: bool = False
    refinements: list[Decision] = field(default_factory=list)  # the Meta-Refiner's, in order
    # Keys and values of the context's first tokens, kept between turns while rolling out.
    kv: RowCache | None = field(default=None, repr=False)

    @property
    def revisions(self) -> int:
        return sum(1 for d in self.refinements if d.verdict.revise)

    @property
    def context(self) -> list[int]:
        return self.prompt_ids + self.response_ids

    def add_turn(self, ids: list[int], turn: TurnRecord) -> None:
        self.turn_starts.append(len(self.response_ids))
        self.add_generated(ids)
        self.turns.append(turn)

    def add_generated(self, ids: list[int]) -> None:
        self.response_ids += ids
        self.loss_mask += [1] * len(ids)

    def attempt(self) -> Trajectory:
        """A finished copy of this trajectory as it stands, without caches or refiner
        decisions: the attempt a Meta-Refiner cut is about to replace."""
        return Trajectory(
            self.item,
            list(self.prompt_ids),
            list(self.response_ids),
            list(self.loss_mask),
            list(self.turns),
            list(self.turn_starts),
            done=True,
            truncated=self.truncated,
        )

    def cut(self, step: int) -> list[TurnRecord]:
        """Drop steps ``step``.. (1-based) with their tool outputs; return the dropped turns.

        Steps before the cut keep their tokens exactly, so the regenerated suffix
        continues the same token sequence the kept prefix was sampled in.
        """
        if not 1 <= step <= len(self.turns):
            raise ValueError(f"cut step {step} outside 1..{len(self.turns)}")
        keep = self.turn_starts[step - 1]
        dropped = self.turns[step - 1 :]
        del self.response_ids[keep:], self.loss_mask[keep:]
        del self.turns[step - 1 :], self.turn_starts[step - 1 :]
        if self.kv is not None:
            self.kv = self.kv.crop(len(self.context))
        self.done = self.truncated = False
        return dropped

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
