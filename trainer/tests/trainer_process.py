"""Drive ``python -m searchr2 train --protocol stdio`` as the editor does."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


class TrainerProcess:
    def __init__(self, run_dir: Path, *extra: str, max_steps: int = 3) -> None:
        cmd = [
            sys.executable,
            "-m",
            "searchr2",
            "train",
            "--preset",
            "test",
            "--max-steps",
            str(max_steps),
            "--run-dir",
            str(run_dir),
            "--protocol",
            "stdio",
            *extra,
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.stderr = ""
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()

    def send(self, command: dict[str, Any] | str) -> None:
        assert self.proc.stdin is not None
        text = command if isinstance(command, str) else json.dumps(command)
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def close_stdin(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def wait_for(self, predicate: Any, timeout: float = 120.0) -> dict[str, Any]:
        """Read events until one satisfies ``predicate``; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching event; stderr tail:\n{self.stderr[-2000:]}")
            line = self._queue.get(timeout=remaining)
            if line is None:
                raise EOFError(f"trainer exited; stderr tail:\n{self.stderr[-2000:]}")
            self.lines.append(line)
            event: dict[str, Any] = json.loads(line)
            if predicate(event):
                return event

    def finish(self, timeout: float = 120.0) -> int:
        """Read the rest of stdout, then the exit code."""
        deadline = time.monotonic() + timeout
        while True:
            line = self._queue.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                break
            self.lines.append(line)
        return self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]
