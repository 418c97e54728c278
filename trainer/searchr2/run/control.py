"""Thread-safe flags the command reader sets and the training loop obeys.

A regenerate request waits in ``regenerations`` (searchr2.regenerate.desk); accepting
one also wakes a paused loop, so a paused run serves it at once.
"""

from __future__ import annotations

import threading

from searchr2.regenerate.desk import Refusal, RegenerationDesk


class Control:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._stop = False
        self._paused = False
        self._save = False
        self.stop_source: str | None = None  # "command" or "eof"
        self.regenerations = RegenerationDesk()

    def request(self, kind: str, source: str = "command") -> None:
        with self._cond:
            if kind == "stop":
                if not self._stop:
                    self._stop, self.stop_source = True, source
            elif kind == "pause":
                self._paused = True
            elif kind == "resume":
                self._paused = False
            elif kind == "save_checkpoint":
                self._save = True
            self._cond.notify_all()

    def request_regenerate(self, command_id: str, rollout_id: str, step: int) -> Refusal | None:
        """Queues a regeneration (None) or says why it is refused."""
        refusal = self.regenerations.accept(command_id, rollout_id, step)
        if refusal is None:
            with self._cond:
                self._cond.notify_all()
        return refusal

    @property
    def stop_requested(self) -> bool:
        return self._stop

    @property
    def pause_requested(self) -> bool:
        return self._paused and not self._stop

    def take_save_request(self) -> bool:
        with self._cond:
            wanted, self._save = self._save, False
            return wanted

    def wait_while_paused(self) -> None:
        """Blocks until resume or stop; a save or regenerate request wakes it up to be served."""
        with self._cond:
            while (
                self._paused
                and not self._stop
                and not self._save
                and not self.regenerations.has_request
            ):
                self._cond.wait(timeout=0.5)
