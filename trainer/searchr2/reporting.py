"""How long-running phases tell the outside world what they are doing."""

from __future__ import annotations

import logging
import math
from typing import Literal, Protocol

from searchr2.protocol.emitter import Emitter

LogLevel = Literal["debug", "info", "warning", "error"]
Phase = Literal["sft", "train", "eval"]

log = logging.getLogger("searchr2")


class Reporter(Protocol):
    def log(self, level: LogLevel, message: str) -> None: ...
    def metrics(self, step: int, phase: Phase, values: dict[str, float]) -> None: ...


class StderrReporter:
    """For humans: everything goes to the logging module (stderr)."""

    def log(self, level: LogLevel, message: str) -> None:
        log.log(logging.getLevelName(level.upper()), message)

    def metrics(self, step: int, phase: Phase, values: dict[str, float]) -> None:
        shown = " ".join(f"{k}={v:.4g}" for k, v in values.items())
        log.info("%s step %d: %s", phase, step, shown)


class ProtocolReporter(StderrReporter):
    """For the editor: log and metrics events on the protocol, and stderr for humans."""

    def __init__(self, emitter: Emitter) -> None:
        self._emitter = emitter

    def log(self, level: LogLevel, message: str) -> None:
        super().log(level, message)
        self._emitter.emit({"type": "log", "level": level, "message": message})

    def metrics(self, step: int, phase: Phase, values: dict[str, float]) -> None:
        super().metrics(step, phase, values)
        # JSON has no NaN/inf; a diverged loss is shown on stderr and left out here.
        finite = {k: float(v) for k, v in values.items() if math.isfinite(v)}
        self._emitter.emit({"type": "metrics", "step": step, "phase": phase, "metrics": finite})
