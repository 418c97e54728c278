"""Command line: ``searchr2 train`` (what the editor launches), ``searchr2 prepare-demo`` and
``searchr2 config-schema`` (prints the run config's JSON Schema, derived from the dataclasses).

Heavy imports (torch, transformers) happen after ``hello`` is on the wire, so the
editor knows within a fraction of a second that the trainer is alive.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from searchr2 import __version__
from searchr2.config.validate import ConfigError
from searchr2.protocol import CAPABILITIES, PROTOCOL_VERSION
from searchr2.protocol.emitter import Emitter, JsonLinesEmitter, claim_stdout


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="searchr2", description="Search-R2 trainer")
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train a search agent with GRPO")
    prep = sub.add_parser("prepare-demo", help="build and cache the demo assets")
    sub.add_parser("config-schema", help="print the run config's JSON Schema")
    for p in (train, prep):
        p.add_argument("--preset", default="demo", help="preset name (demo, test)")
        p.add_argument("--config", type=Path, help="JSON file merged over the preset")
        p.add_argument(
            "--set",
            dest="assignments",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override one config key, e.g. --set grpo.lr=1e-4 (repeatable)",
        )
        p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    train.add_argument("--max-steps", type=int, help="number of GRPO steps")
    train.add_argument("--seed", type=int, help="run seed (sampling and question order)")
    train.add_argument("--run-dir", type=Path, help="run directory (default: runs/<run id>)")
    train.add_argument(
        "--protocol",
        choices=["stdio", "none"],
        default="none",
        help="stdio: searchr2/1 events on stdout, commands on stdin (for the editor)",
    )
    return parser


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper()),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("bm25s", "transformers", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Progress bars from libraries would interleave with our logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if getattr(args, "max_steps", None) is not None:
        out["train"] = {"max_steps": args.max_steps}
    if getattr(args, "seed", None) is not None:
        out["seed"] = args.seed
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "config-schema":
        from searchr2.config.json_schema import render

        sys.stdout.write(render())
        return 0
    _setup_logging(args.log_level)
    if args.command == "prepare-demo":
        from searchr2.commands import prepare_demo_command

        return prepare_demo_command(args.preset, args.config, args.assignments)
    emitter: Emitter = Emitter()
    if args.protocol == "stdio":
        emitter = JsonLinesEmitter(claim_stdout())
        emitter.emit(
            {
                "type": "hello",
                "protocol": PROTOCOL_VERSION,
                "trainer": {"name": "searchr2", "version": __version__},
                "capabilities": list(CAPABILITIES),
                "pid": os.getpid(),
            }
        )
    from searchr2.commands import train_command

    try:
        return train_command(args, _overrides(args), emitter)
    except ConfigError as exc:
        return _fatal(
            emitter, str(exc), "Fix that key in the preset, --config file or --set flag.", 2
        )
    except KeyboardInterrupt:
        return _fatal(
            emitter, "interrupted", "The run was interrupted; its last checkpoint is kept.", 130
        )
    except Exception as exc:
        logging.getLogger("searchr2").exception("training failed")
        hint = "See the trainer's stderr log for the traceback."
        return _fatal(emitter, f"{type(exc).__name__}: {exc}", hint, 1)


def _fatal(emitter: Emitter, message: str, hint: str, code: int) -> int:
    logging.getLogger("searchr2").error("%s", message)
    emitter.emit({"type": "error", "message": message, "fatal": True, "hint": hint})
    return code
