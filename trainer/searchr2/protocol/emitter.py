"""Writes protocol events, one JSON line each, flushed at once, from any thread.

In stdio mode the process's original stdout is reserved for events: fd 1 is pointed
at stderr, so a stray print, a library's progress bar or a C-level warning can never
corrupt the stream the editor parses.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import IO, Any


class Emitter:
    """Sends events somewhere; the base class drops them (protocol "none")."""

    def emit(self, event: dict[str, Any]) -> None:
        del event


class JsonLinesEmitter(Emitter):
    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.broken = False  # the reader went away; keep running, write nothing

    def emit(self, event: dict[str, Any]) -> None:
        line = json.dumps(event, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        with self._lock:
            if self.broken:
                return
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.broken = True


def claim_stdout() -> IO[str]:
    """A private handle on the real stdout; everything else written to fd 1 goes to stderr."""
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)
