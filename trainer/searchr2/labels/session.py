"""The training loop's side of human labels: receive, hold a batch for review, teach,
and say which step used which label.

Called from the loop's thread only (the command reader thread only fills the inbox),
so nothing here needs a lock.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from transformers import PreTrainedTokenizerBase

from searchr2.annotations.inbox import Label, LabelInbox, applied_event, is_withdrawal
from searchr2.config.schema import RunConfig
from searchr2.labels.book import LabelBook, applied_row, label_row
from searchr2.labels.targets import (
    CutTarget,
    NoTarget,
    RolloutView,
    TargetMaker,
    view_of_record,
    view_of_trajectory,
)
from searchr2.model.generate import GenerationAborted
from searchr2.protocol.emitter import Emitter
from searchr2.reporting import Reporter
from searchr2.rl.update import SupervisedToken
from searchr2.rollout.trajectory import Trajectory
from searchr2.run.run_dir import RunDir

# Rollouts of recent steps kept in memory for cut labels (older ones are read back from
# rollouts.jsonl): the last step or two of the paper's 512 x 5 batch, a few MB.
RECENT_ROLLOUTS = 4096
GATE_POLL_S = 0.05

COLLECTION_VALUE = {"useful": 1.0, "not_useful": 0.0, "misleading": 0.0}


def human_collections(label: Label) -> dict[int, float]:
    """A label's collection verdicts as turn index -> u_i (its keys are 1-based steps)."""
    return {int(k) - 1: COLLECTION_VALUE[v] for k, v in label.get("collections", {}).items()}


@dataclass(frozen=True)
class Review:
    """What the review gate found for one batch."""

    collections: dict[str, dict[int, float]]  # rollout id -> the person's u_i
    label_ids: list[str]  # labels whose collections entered the batch's rewards
    waited_s: float
    complete: bool  # every rollout of the batch was labelled before the timeout


class LabelSession:
    def __init__(
        self,
        inbox: LabelInbox,
        run_dir: RunDir,
        emitter: Emitter,
        reporter: Reporter,
        config: RunConfig,
        tokenizer: PreTrainedTokenizerBase,
        start_step: int,
    ) -> None:
        self.inbox, self.run_dir, self.emitter, self.reporter = inbox, run_dir, emitter, reporter
        self.cut_weight = float(config.labels.cut_weight)
        self.cut_replay = int(config.labels.cut_replay)
        self.teaches_cuts = config.uses_refiner and self.cut_weight > 0.0
        self.gate_s = float(config.labels.review_gate_timeout_s)
        self.targets = TargetMaker(tokenizer, config.rollout.prompt, config.rollout.max_length)
        self._recent: OrderedDict[str, RolloutView] = OrderedDict()
        self.book = LabelBook()
        self.book.load(run_dir.label_lines())
        again = self.book.rewind(start_step)
        if self.book.malformed:
            lines = ", ".join(str(n) for n in self.book.malformed_lines[:5])
            reporter.log(
                "warning",
                f"labels.jsonl: {self.book.malformed} unreadable row(s) skipped (line {lines}); "
                "the editor can send those labels again",
            )
        if len(self.book):
            reporter.log(
                "info",
                f"{len(self.book)} label(s) loaded from labels.jsonl, "
                f"{len(again)} to apply again after the resume",
            )

    # --- receiving -------------------------------------------------------------------

    def drain(self) -> int:
        """Take everything waiting in the inbox into the book; returns how many changed."""
        changed = 0
        for label in self.inbox.take_labels():
            if self.book.holds(label):
                continue  # a resend of the version held: nothing to do again
            target = None if is_withdrawal(label) else self._target(label)
            self.book.put(label, target)
            self.run_dir.append_label_row(label_row(label, target))
            changed += 1
        return changed

    def _target(self, label: Label) -> CutTarget | None:
        if "cut" not in label or not self.teaches_cuts:
            return None
        try:
            view = self._view(label["rollout_id"])
            return self.targets.make(view, label["cut"])
        except NoTarget as exc:
            self.reporter.log("warning", f"label {label['id']}: its cut is not taught: {exc}")
            return None

    def _view(self, rollout_id: str) -> RolloutView:
        view = self._recent.get(rollout_id)
        if view is not None:
            return view
        record = self.run_dir.rollout_line(rollout_id)
        if record is None:
            raise NoTarget(f"rollout {rollout_id!r} is not in this run")
        return view_of_record(record)

    def remember(self, rollout_ids: list[str], trajectories: list[Trajectory]) -> None:
        for rollout_id, t in zip(rollout_ids, trajectories, strict=True):
            self._recent.pop(rollout_id, None)
            self._recent[rollout_id] = view_of_trajectory(t)
        while len(self._recent) > RECENT_ROLLOUTS:
            self._recent.popitem(last=False)

    # --- the review gate ---------------------------------------------------------------

    def review(self, rollout_ids: list[str], should_abort: Callable[[], bool]) -> Review | None:
        """Hold the batch until each rollout has a label or the timeout passes.

        None when the gate is off. A stop while waiting abandons the step, as a stop
        during rollouts does (raises GenerationAborted).
        """
        if self.gate_s <= 0.0:
            return None
        started = time.monotonic()
        wanted = set(rollout_ids)
        while True:
            self.drain()
            labelled = {e.label["rollout_id"] for _, e in self.book.entries()}
            complete = wanted <= labelled
            if complete or time.monotonic() - started >= self.gate_s:
                break
            if should_abort():
                raise GenerationAborted
            time.sleep(GATE_POLL_S)
        collections: dict[str, dict[int, float]] = {}
        used: list[str] = []
        for label_id, entry in self.book.entries():  # arrival order: later labels win
            rollout_id = entry.label["rollout_id"]
            if rollout_id in wanted and entry.label.get("collections"):
                collections.setdefault(rollout_id, {}).update(human_collections(entry.label))
                used.append(label_id)
        return Review(collections, used, time.monotonic() - started, complete)

    # --- teaching and lineage ----------------------------------------------------------

    def supervised(self) -> tuple[list[SupervisedToken], list[str]]:
        """The cut targets to teach now, and the ids of those not applied before.

        New targets first; then, with ``labels.cut_replay`` > 0, that many earlier ones
        (newest first) again. Only a label's first use is its lineage (label_applied).
        """
        self.drain()
        tokens: list[SupervisedToken] = []
        ids: list[str] = []
        replayed: list[SupervisedToken] = []
        for label_id, entry in reversed(self.book.entries()):
            if entry.target is None:
                continue
            t = entry.target
            token = SupervisedToken(t.prompt_ids, t.token_id, self.cut_weight)
            if entry.applied_step is None:
                tokens.append(token)
                ids.append(label_id)
            elif len(replayed) < self.cut_replay:
                replayed.append(token)
        return [*reversed(tokens), *replayed], list(reversed(ids))

    def applied(self, step: int, label_ids: list[str]) -> None:
        """After the optimizer step of ``step``: record and announce the labels it used."""
        ids = list(dict.fromkeys(label_ids))
        if not ids:
            return
        self.book.mark_applied(ids, step)
        self.run_dir.append_label_row(applied_row(ids, step))
        self.emitter.emit(applied_event(ids, step))


def overrides_for(
    review: Review | None, rollout_ids: list[str]
) -> list[Mapping[int, float] | None]:
    """The review's collection verdicts aligned with the batch (None: not labelled)."""
    if review is None:
        return [None] * len(rollout_ids)
    return [review.collections.get(r) for r in rollout_ids]
