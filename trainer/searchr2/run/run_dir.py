"""The run directory: the durable record the editor (or a teammate) opens later.

config.json, rollouts.jsonl (one Rollout per line, the exact object streamed),
metrics.jsonl, checkpoints/step-N/. Lines are flushed as they are written, so a
crash loses at most the line being written.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import IO, Any


def new_run_id(preset: str) -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{preset}"


class RunDir:
    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.path.mkdir(parents=True, exist_ok=True)
        self.checkpoints = self.path / "checkpoints"
        self._rollouts: IO[str] = (self.path / "rollouts.jsonl").open("a", encoding="utf-8")
        self._metrics: IO[str] = (self.path / "metrics.jsonl").open("a", encoding="utf-8")

    def write_config(self, config: dict[str, Any]) -> None:
        (self.path / "config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")

    @staticmethod
    def _append(stream: IO[str], obj: dict[str, Any]) -> None:
        stream.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        stream.flush()

    def append_rollout(self, rollout: dict[str, Any]) -> None:
        self._append(self._rollouts, rollout)

    def append_metrics(self, record: dict[str, Any]) -> None:
        self._append(self._metrics, record)

    def checkpoint_path(self, step: int) -> Path:
        return self.checkpoints / f"step-{step}"

    def close(self) -> None:
        self._rollouts.close()
        self._metrics.close()
