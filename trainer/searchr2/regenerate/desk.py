"""Where regenerate requests wait: the recent rollouts they may name, and one request.

The command reader thread checks a request against the rollouts held here and refuses
it at once when it cannot be served (unknown or evicted rollout, step out of range,
another request waiting); the training loop takes the accepted one between steps.
The rollout is copied into the request when it is accepted, so an eviction in the
meantime cannot undo an ack.

Bounded [ours]: the last ``capacity`` published rollouts are held (their JSON records,
a few KB each); the ids of evicted ones are remembered a while longer, so a refusal
can say "evicted" rather than "unknown".
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

DEFAULT_CAPACITY = 512
_EVICTED_MEMORY = 16  # evicted ids remembered: this many times the capacity

HINT_PICK_RECENT = "Regenerate a rollout of a recent step of the running training."
HINT_STEP = "Choose a step of that rollout: 1 regenerates it all, k keeps steps 1..k-1."
HINT_BUSY = "Wait for the running regeneration to answer, then ask again."


@dataclass(frozen=True)
class RegenerateRequest:
    command_id: str
    rollout: dict[str, Any]  # the protocol Rollout as it was published
    step: int  # k, 1-based

    @property
    def rollout_id(self) -> str:
        return str(self.rollout["id"])


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str


class RegenerationDesk:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("the regeneration desk must hold at least one rollout")
        self.capacity = capacity
        self._lock = threading.Lock()
        self._held: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._evicted: OrderedDict[str, int] = OrderedDict()  # id -> its step
        self._waiting: RegenerateRequest | None = None
        self._serving = False

    def remember(self, rollout: dict[str, Any]) -> None:
        """Holds a just-published rollout; the oldest beyond the capacity is evicted."""
        with self._lock:
            rollout_id = str(rollout["id"])
            self._held.pop(rollout_id, None)
            self._evicted.pop(rollout_id, None)
            self._held[rollout_id] = rollout
            while len(self._held) > self.capacity:
                old_id, old = self._held.popitem(last=False)
                self._evicted[old_id] = int(old.get("step", 0))
            while len(self._evicted) > self.capacity * _EVICTED_MEMORY:
                self._evicted.popitem(last=False)

    def accept(self, command_id: str, rollout_id: str, step: int) -> Refusal | None:
        """Queues the request, or says why it cannot be served (nothing queued then)."""
        with self._lock:
            rollout = self._held.get(rollout_id)
            if rollout is None:
                if rollout_id in self._evicted:
                    return Refusal(
                        f"rollout {rollout_id!r} (step {self._evicted[rollout_id]}) is no longer "
                        f"held: the trainer keeps only its last {self.capacity} rollouts",
                        HINT_PICK_RECENT,
                    )
                return Refusal(
                    f"rollout {rollout_id!r} is not one of this trainer's recent rollouts",
                    HINT_PICK_RECENT,
                )
            n_steps = len(rollout.get("turns", []))
            if not 1 <= step <= n_steps:
                return Refusal(
                    f"step {step} is outside rollout {rollout_id!r}'s steps 1..{n_steps}",
                    HINT_STEP,
                )
            if self._waiting is not None or self._serving:
                return Refusal("the trainer is busy with another regeneration", HINT_BUSY)
            self._waiting = RegenerateRequest(command_id, rollout, step)
            return None

    @property
    def has_request(self) -> bool:
        with self._lock:
            return self._waiting is not None

    def take(self) -> RegenerateRequest | None:
        """The waiting request, now being served: others are refused as busy until ``done``."""
        with self._lock:
            request, self._waiting = self._waiting, None
            self._serving = request is not None
            return request

    def done(self) -> None:
        with self._lock:
            self._serving = False
