"""The step scorer kept fitted while the run trains, and r_prm for each new rollout.

What it learns from (see examples.py): the human labels the run holds and the
Meta-Refiner's first decisions on the last ``window`` rollouts. Before a step's
rollouts are scored it refits, from zero, only if something changed since the last fit
(a label version arrived or was withdrawn, or new refiner decisions were seen): a fit is
full-batch on a few thousand sparse steps, tens of milliseconds. The scorer that scores
step s was fitted on what was known after step s-1, never on step s's own decisions.

r_prm [ours] = the mean over the trajectory's steps of P(step is not flawed), in [0, 1]:
one bad step among many lowers it a little, a trajectory judged bad throughout a lot.
(The minimum would let one noisy step decide everything; the mean degrades gracefully
while the scorer is young.) A trajectory with no steps, or any trajectory before the
first fit, gets no r_prm (None): its reward stays the hybrid reward.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from searchr2.scorer.examples import Example, human_examples, refiner_examples
from searchr2.scorer.features import dense_matrix, rollout_features
from searchr2.scorer.model import StepScorer

Lookup = Callable[[set[str]], Mapping[str, Mapping[str, Any]]]
"""Rollout ids -> the records found (a run's rollouts.jsonl)."""

WINDOW = 1000  # rollouts whose refiner decisions are learnt from, newest kept
LABELLED_KEPT = 4096  # rollout records kept in memory for labels that arrive later


@dataclass(frozen=True)
class StepScores:
    r_prm: float
    p_flawed: list[float]  # per step, in order


def r_prm_of(p_flawed: Sequence[float]) -> float | None:
    """The trajectory's r_prm: the mean of 1 - P(flawed) over its steps."""
    if not p_flawed:
        return None
    return sum(1.0 - p for p in p_flawed) / len(p_flawed)


class OnlineScorer:
    def __init__(self, window: int = WINDOW) -> None:
        self.scorer: StepScorer | None = None
        self.last_fit: dict[str, float] = {}
        self._refiner: deque[list[Example]] = deque(maxlen=window)
        self._records: OrderedDict[str, Mapping[str, Any]] = OrderedDict()
        self._labels: dict[str, tuple[Mapping[str, Any], list[Example]]] = {}
        self._dirty = False

    # --- what it learns from -----------------------------------------------------------

    def observe(self, rollouts: Iterable[Mapping[str, Any]]) -> None:
        """A step's published rollout records: their refiner decisions become examples."""
        for rollout in rollouts:
            examples = refiner_examples(rollout)
            if examples:
                self._refiner.append(examples)
                self._dirty = True
            rollout_id = str(rollout["id"])
            self._records.pop(rollout_id, None)
            self._records[rollout_id] = rollout
        while len(self._records) > LABELLED_KEPT:
            self._records.popitem(last=False)

    def sync_labels(
        self,
        labels: Mapping[str, Mapping[str, Any]],
        lookup: Lookup | None = None,
    ) -> None:
        """Make the human examples those of ``labels`` (label id -> its latest version).

        A label's rollout comes from the records seen by ``observe``, else from
        ``lookup(rollout_ids) -> {id: record}`` (rollouts.jsonl), once per label version;
        a label whose rollout is found nowhere teaches nothing.
        """
        for gone in set(self._labels) - set(labels):
            del self._labels[gone]
            self._dirty = True
        pending = {
            i: label
            for i, label in labels.items()
            if i not in self._labels or self._labels[i][0] != label
        }
        if not pending:
            return
        missing = {str(x["rollout_id"]) for x in pending.values()} - self._records.keys()
        found: Mapping[str, Mapping[str, Any]] = lookup(missing) if missing and lookup else {}
        for label_id, label in pending.items():
            rollout_id = str(label["rollout_id"])
            rollout = self._records.get(rollout_id) or found.get(rollout_id)
            examples = [] if rollout is None else human_examples(label, rollout)
            # Kept even when empty: a label on an unknown rollout is not looked up again
            # at every step (its next version is).
            self._labels[label_id] = (label, examples)
            self._dirty = self._dirty or bool(examples)

    def examples(self) -> list[Example]:
        human = [e for _, examples in self._labels.values() for e in examples]
        return human + [e for examples in self._refiner for e in examples]

    # --- fitting and scoring -----------------------------------------------------------

    def refresh(self) -> bool:
        """Refit when anything changed since the last fit; True when it refitted."""
        if not self._dirty:
            return False
        self._dirty = False
        examples = self.examples()
        if not examples:
            self.scorer, self.last_fit = None, {}
            return False
        scorer = StepScorer()
        self.last_fit = scorer.fit(examples)
        self.scorer = scorer
        return True

    def score(self, question: str, turns: Sequence[Mapping[str, Any]]) -> StepScores | None:
        """r_prm and per-step P(flawed) of one trajectory; None before the first fit."""
        if self.scorer is None or not turns:
            return None
        p = self.scorer.predict(dense_matrix(rollout_features(question, turns)))
        p_flawed = [float(x) for x in p]
        r_prm = r_prm_of(p_flawed)
        return None if r_prm is None else StepScores(r_prm, p_flawed)
