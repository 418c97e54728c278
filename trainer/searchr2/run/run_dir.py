"""The run directory: the durable record the editor (or a teammate) opens later.

config.json, rollouts.jsonl (one Rollout per line, the exact object streamed),
metrics.jsonl, labels.jsonl (human labels received and the steps that used them; see
searchr2.labels.book), regenerations.jsonl (each ``regenerated`` event as sent, so the
editor shows them again after a reload), checkpoints/step-N/. Lines are flushed as
they are written, so a crash loses at most the line being written. A resumed run
appends to the same files; lines a crashed attempt wrote after the checkpoint it
resumes from are moved to ``*.superseded.jsonl`` beside them, never deleted.
labels.jsonl is never superseded: a label stays valid across a resume, and its later
rows say which step used it; nor is regenerations.jsonl (what a person asked to see
stays seen).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any

STREAMS = ("rollouts", "metrics")
LABELS = "labels"  # appended like the streams, read back on start and resume
REGENERATIONS = "regenerations"  # appended like the streams, never superseded


def new_run_id(preset: str) -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{preset}"


def _line_step(line: str) -> int | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    step = record.get("step") if isinstance(record, dict) else None
    return step if isinstance(step, int) else None


class RunDir:
    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.path.mkdir(parents=True, exist_ok=True)
        self.checkpoints = self.path / "checkpoints"
        self._streams: dict[str, IO[str]] = {}
        self._open()

    def _open(self) -> None:
        for name in (*STREAMS, LABELS, REGENERATIONS):
            self._streams[name] = (self.path / f"{name}.jsonl").open("a", encoding="utf-8")

    def read_config(self) -> dict[str, Any] | None:
        path = self.path / "config.json"
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return data

    def write_config(self, config: dict[str, Any]) -> None:
        (self.path / "config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")

    @staticmethod
    def _append(stream: IO[str], obj: dict[str, Any]) -> None:
        stream.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        stream.flush()

    def append_rollout(self, rollout: dict[str, Any]) -> None:
        self._append(self._streams["rollouts"], rollout)

    def append_metrics(self, record: dict[str, Any]) -> None:
        self._append(self._streams["metrics"], record)

    def append_label_row(self, row: dict[str, Any]) -> None:
        self._append(self._streams[LABELS], row)

    def append_regeneration(self, event: dict[str, Any]) -> None:
        self._append(self._streams[REGENERATIONS], event)

    def label_lines(self) -> list[str]:
        """labels.jsonl as written so far, one string per line (torn last line included)."""
        path = self.path / f"{LABELS}.jsonl"
        return path.read_text("utf-8").splitlines() if path.is_file() else []

    def rollout_line(self, rollout_id: str) -> dict[str, Any] | None:
        """The rollouts.jsonl record of ``rollout_id`` (the latest, if a resume rewrote it)."""
        path = self.path / "rollouts.jsonl"
        if not path.is_file():
            return None
        needle = json.dumps(rollout_id, ensure_ascii=False)
        found: dict[str, Any] | None = None
        with path.open(encoding="utf-8") as f:
            for line in f:
                if needle not in line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("id") == rollout_id:
                    found = record
        return found

    def supersede_after(self, step: int) -> dict[str, int]:
        """Move lines of steps after ``step`` (and torn lines) to ``*.superseded.jsonl``.

        Returns how many lines moved per stream. Each file is rewritten through a
        temporary file and renamed, so a crash here leaves either version whole.
        """
        self.close()
        moved: dict[str, int] = {}
        try:
            for name in STREAMS:
                moved[name] = self._supersede(name, step)
        finally:
            self._open()
        return moved

    def _supersede(self, name: str, step: int) -> int:
        path = self.path / f"{name}.jsonl"
        if not path.is_file():
            return 0
        keep: list[str] = []
        old: list[str] = []
        for line in path.read_text("utf-8").splitlines(keepends=True):
            if not line.strip():
                continue
            line_step = _line_step(line)
            (keep if line_step is not None and line_step <= step else old).append(
                line if line.endswith("\n") else line + "\n"
            )
        if not old:
            return 0
        with (self.path / f"{name}.superseded.jsonl").open("a", encoding="utf-8") as f:
            f.writelines(old)
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(keep), "utf-8")
        os.replace(tmp, path)
        return len(old)

    def checkpoint_path(self, step: int) -> Path:
        return self.checkpoints / f"step-{step}"

    def close(self) -> None:
        for stream in self._streams.values():
            stream.close()
