"""Thread-safe flags the command reader sets and the training loop obeys."""

from __future__ import annotations

import threading


class Control:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._stop = False
        self._paused = False
        self._save = False
        self.stop_source: str | None = None  # "command" or "eof"

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
        """Blocks until resume or stop; a save request wakes it up to be served."""
        with self._cond:
            while self._paused and not self._stop and not self._save:
                self._cond.wait(timeout=0.5)
