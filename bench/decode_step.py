"""Rollout time with the lean decoding step against Hugging Face's forward, one process.

The demo preset's policy rolls out one training step's batch (questions_per_step x G
trajectories, multi-turn, with retrieval) under rollout.decoder=hf and =auto in
alternation, the same seed for both, so both decode the same tokens. Prints the
median seconds of each and the ratio lean / hf, and writes bench/results/decode-step.md.

    .venv/bin/python bench/decode_step.py --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "decode-step.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "trainer"))
    from searchr2.assets.prepare import rollout_settings
    from searchr2.config.load import resolve_config
    from searchr2.model.threads import torch_threads
    from searchr2.rollout.loop import run_rollouts
    from searchr2.rollout.trajectory import Trajectory
    from searchr2.run.policy import load_run_policy
    from searchr2.text.prompt import build_prompt

    prepared = subprocess.run(
        [sys.executable, "-m", "searchr2", "prepare-demo", "--preset", args.preset],
        check=True, cwd=ROOT / "trainer", capture_output=True, text=True,
    )  # fmt: skip
    assets = Path(prepared.stdout.strip().splitlines()[-1])
    config = resolve_config(args.preset)
    policy = load_run_policy(config, assets)
    settings = rollout_settings(config)
    questions = policy.train[: config.grpo.questions_per_step]
    tokenizer = policy.tokenizer

    def roll(decoder: str) -> tuple[float, int]:
        batch = [
            Trajectory(q, tokenizer.encode(build_prompt(q.question, settings.prompt),
                                           add_special_tokens=False))
            for q in questions for _ in range(config.rollout.group_size)
        ]  # fmt: skip
        started = time.perf_counter()
        with torch.no_grad(), torch_threads(config.rollout_threads):
            run_rollouts(policy.env, batch, replace(settings, decoder=decoder),
                         torch.Generator().manual_seed(0))  # fmt: skip
        return time.perf_counter() - started, sum(len(t.response_ids) for t in batch)

    roll("auto")  # warm-up: first-call allocations and lazy imports
    seconds: dict[str, list[float]] = {"hf": [], "auto": []}
    tokens: dict[str, int] = {}
    for _ in range(args.repeats):
        for decoder in ("hf", "auto"):
            spent, tokens[decoder] = roll(decoder)
            seconds[decoder].append(spent)
    if tokens["hf"] != tokens["auto"]:
        raise SystemExit(f"the two decoders wrote different rollouts: {tokens}")
    hf, lean = statistics.median(seconds["hf"]), statistics.median(seconds["auto"])
    lines = [
        f"preset {args.preset}: one step's rollouts ({len(questions)} questions x "
        f"G {config.rollout.group_size}, {tokens['hf']} response tokens), "
        f"{args.repeats} alternating repeats, median",
        "",
        "| decoder | seconds | ratio to hf |",
        "|---|---|---|",
        f"| hf (Hugging Face forward) | {hf:.3f} | 1.00 |",
        f"| auto (lean step) | {lean:.3f} | {lean / hf:.2f} |",
    ]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
