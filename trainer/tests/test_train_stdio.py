"""A real short training run over stdio, as the editor runs it."""

from __future__ import annotations

import json
import time
from pathlib import Path

from searchr2.protocol.schema import validation_errors

from .trainer_process import TrainerProcess


def _assert_all_valid(lines: list[str]) -> None:
    for line in lines:
        assert validation_errors(json.loads(line), "Event") == [], line


def test_full_run_streams_valid_events_matching_the_run_dir(assets: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    trainer = TrainerProcess(run_dir, max_steps=2)
    trainer.wait_for(lambda e: e["type"] == "metrics" and e.get("phase") == "train")
    trainer.send("this is not json")  # a malformed command must not stop training
    trainer.wait_for(lambda e: e["type"] == "error")
    code = trainer.finish()
    events = trainer.events()
    assert code == 0, trainer.stderr[-2000:]
    _assert_all_valid(trainer.lines)
    assert events[0]["type"] == "hello" and events[0]["protocol"] == "searchr2/1"
    assert events[1]["type"] == "run_started" and events[1]["run_dir"] == str(run_dir.resolve())
    assert events[-1] == {
        "type": "stopped",
        "reason": "completed",
        "step": 2,
        "checkpoint": str(run_dir.resolve() / "checkpoints" / "step-2"),
    }
    error = next(e for e in events if e["type"] == "error")
    assert error["fatal"] is False
    train_metrics = [e for e in events if e["type"] == "metrics" and e.get("phase") == "train"]
    assert [m["step"] for m in train_metrics] == [1, 2]  # training went on after the error

    streamed = [e["rollout"] for e in events if e["type"] == "rollout"]
    on_disk = [json.loads(x) for x in (run_dir / "rollouts.jsonl").read_text().splitlines()]
    assert streamed == on_disk and len(streamed) == 2 * 2 * 3  # steps x questions x group
    assert len({r["id"] for r in streamed}) == len(streamed)
    assert json.loads((run_dir / "config.json").read_text()) == events[1]["config"]
    assert len((run_dir / "metrics.jsonl").read_text().splitlines()) >= 2
    final = run_dir / "checkpoints" / "step-2"
    assert json.loads((final / "trainer_state.json").read_text())["step"] == 2
    assert (final / "model.safetensors").is_file() and (final / "tokenizer.json").is_file()


def test_stop_command_saves_and_exits_quickly(assets: Path, tmp_path: Path) -> None:
    trainer = TrainerProcess(tmp_path / "run", max_steps=1000)
    trainer.wait_for(lambda e: e["type"] == "rollout")
    trainer.send({"type": "save_checkpoint", "id": "s1"})
    trainer.wait_for(lambda e: e["type"] == "checkpoint_saved")
    trainer.send({"type": "pause", "id": "p1"})
    paused = trainer.wait_for(lambda e: e["type"] == "paused")
    trainer.send({"type": "resume", "id": "r1"})
    trainer.wait_for(lambda e: e["type"] == "resumed")
    sent = time.monotonic()
    trainer.send({"type": "stop", "id": "c9"})
    code = trainer.finish(timeout=30)
    elapsed = time.monotonic() - sent
    events = trainer.events()
    assert code == 0, trainer.stderr[-2000:]
    _assert_all_valid(trainer.lines)
    assert {"type": "ack", "id": "c9", "command": "stop"} in events
    assert [e["type"] for e in events[-2:]] == ["checkpoint_saved", "stopped"]
    stopped = events[-1]
    assert stopped["reason"] == "requested" and stopped["step"] >= paused["step"]
    assert Path(stopped["checkpoint"], "trainer_state.json").is_file()
    assert elapsed < 15  # ~2 s on an idle machine; generous for a loaded CI box


def test_stdin_eof_means_stop(assets: Path, tmp_path: Path) -> None:
    trainer = TrainerProcess(tmp_path / "run", max_steps=1000)
    trainer.wait_for(lambda e: e["type"] == "rollout")
    trainer.close_stdin()
    assert trainer.finish(timeout=30) == 0
    assert trainer.events()[-1]["type"] == "stopped"


def test_bad_config_is_a_fatal_error_before_training(cache_dir: Path, tmp_path: Path) -> None:
    trainer = TrainerProcess(tmp_path / "run", "--set", "grpo.clip=0.3")
    code = trainer.finish(timeout=60)
    events = trainer.events()
    assert code != 0
    _assert_all_valid(trainer.lines)
    assert events[0]["type"] == "hello"
    assert events[-1]["type"] == "error" and events[-1]["fatal"] is True
    assert "grpo.clip" in events[-1]["message"]
    assert not any(e["type"] == "rollout" for e in events)
