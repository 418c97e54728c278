"""What each CLI subcommand does, once arguments are parsed."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from searchr2.config.load import resolve_config
from searchr2.config.schema import RunConfig
from searchr2.config.validate import to_dict
from searchr2.protocol.commands import start_command_reader
from searchr2.protocol.emitter import Emitter, JsonLinesEmitter
from searchr2.reporting import ProtocolReporter, StderrReporter, log
from searchr2.run.control import Control
from searchr2.run.run_dir import RunDir, new_run_id


def _set_threads(config: RunConfig) -> None:
    import torch

    # Explicit: the default takes every core, and two trainers on 2 cores crawl.
    torch.set_num_threads(config.torch_threads)


def prepare_demo_command(preset: str, config_file: Path | None, assignments: list[str]) -> int:
    config = resolve_config(preset, config_file, assignments)
    _set_threads(config)
    from searchr2.assets.prepare import prepare_demo_assets

    started = time.perf_counter()
    directory = prepare_demo_assets(config, StderrReporter())
    manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
    log.info("demo assets ready in %.1f s: %s", time.perf_counter() - started, directory)
    log.info("SFT held-out greedy EM %.3f", manifest["sft_heldout_em"])
    print(directory)
    return 0


def train_command(args: argparse.Namespace, overrides: dict[str, Any], emitter: Emitter) -> int:
    config = resolve_config(args.preset, args.config, args.assignments, overrides)
    run_id = new_run_id(config.preset)
    run_dir = RunDir(args.run_dir or Path("runs") / run_id)
    resolved = to_dict(config)
    run_dir.write_config(resolved)
    emitter.emit(
        {
            "type": "run_started",
            "run_id": run_id,
            "run_dir": str(run_dir.path),
            "preset": config.preset,
            "max_steps": config.train.max_steps,
            "start_step": 0,
            "config": resolved,
        }
    )
    control = Control()
    reporter = StderrReporter()
    if isinstance(emitter, JsonLinesEmitter):
        reporter = ProtocolReporter(emitter)
        start_command_reader(sys.stdin, emitter, control)
    _set_threads(config)
    from searchr2.run.trainer import TrainingRun

    try:
        outcome = TrainingRun(config, run_dir, run_id, emitter, reporter, control).run()
    finally:
        run_dir.close()
    emitter.emit(
        {
            "type": "stopped",
            "reason": outcome.reason,
            "step": outcome.step,
            "checkpoint": outcome.checkpoint,
        }
    )
    log.info("run %s %s at step %d", run_id, outcome.reason, outcome.step)
    return 0
