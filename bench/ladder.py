"""The Search-R2 ablation ladder on the demo task: held-out EM, revise rate, step time.

Every rung (search_r1, refiner, process, search_r2) trains from the same cached SFT
warm start for the same number of GRPO steps, once per seed, all runs in parallel
processes of one thread each, so the step-time ratio against Search-R1 is measured
under the same load in the same invocation. Prints a table and writes
bench/results/ladder.{json,md}.

    .venv/bin/python bench/ladder.py --steps 100 --seeds 0 1 2 --jobs 12
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

LADDER = ["search_r1", "refiner", "process", "search_r2"]
ROOT = Path(__file__).resolve().parent.parent


def _train_command(
    python: str, run_dir: Path, method: str, seed: int, steps: int, args: argparse.Namespace
) -> list[str]:
    return [
        python, "-m", "searchr2", "train", "--preset", args.preset,
        "--max-steps", str(steps), "--seed", str(seed), "--run-dir", str(run_dir),
        "--set", f"method={method}", "--set", f"train.eval_questions={args.eval_questions}",
        "--set", "train.checkpoint_every=0", "--log-level", "warning",
        *[x for s in args.set for x in ("--set", s)],
    ]  # fmt: skip


def _train(
    python: str, run_dir: Path, method: str, seed: int, args: argparse.Namespace
) -> Path:
    command = _train_command(python, run_dir, method, seed, args.steps, args)
    started = time.perf_counter()
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, cwd=ROOT / "trainer"
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"{method} seed {seed} failed ({done.returncode})")
    print(
        f"  {method:<10} seed {seed}: {time.perf_counter() - started:6.1f} s",
        flush=True,
    )
    return run_dir / "metrics.jsonl"


def warm_start_em(python: str, args: argparse.Namespace) -> float:
    """The SFT warm start's held-out EM, measured as every run's own end-of-run eval is:
    a 0-step run, same questions, same precision. The asset's build-time figure (fp32,
    its own question count) is not comparable to the runs' figures."""
    with tempfile.TemporaryDirectory(prefix="searchr2-warm-") as tmp:
        run_dir = Path(tmp) / "warm"
        command = _train_command(python, run_dir, "search_r1", 0, 0, args)
        subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT / "trainer")
        metrics = (run_dir / "metrics.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in metrics if line.strip()]
    return float(next(r["heldout_em"] for r in rows if r["phase"] == "eval"))


def _summary(metrics: Path) -> dict[str, float]:
    rows = [
        json.loads(line) for line in metrics.read_text().splitlines() if line.strip()
    ]
    train = [r for r in rows if r["phase"] == "train"]
    evals = [r for r in rows if r["phase"] == "eval"]
    quarter = max(1, len(train) // 4)
    late = {
        key: [r[key] for r in train[-quarter:] if key in r]
        for key in ("revise_rate_wrong", "revise_rate_right")
    }
    return {
        # How often the refiner revised wrong / right first attempts, last quarter.
        **{f"{key}_last_quarter": statistics.fmean(v) for key, v in late.items() if v},
        "heldout_em": evals[-1]["heldout_em"],
        "revise_rate": statistics.fmean(r.get("revise_rate", 0.0) for r in train),
        "reward_first_quarter": statistics.fmean(
            r["reward_mean"] for r in train[:quarter]
        ),
        "reward_last_quarter": statistics.fmean(
            r["reward_mean"] for r in train[-quarter:]
        ),
        "searches_mean": statistics.fmean(r["searches_mean"] for r in train[-quarter:]),
        "step_seconds": statistics.fmean(r["step_seconds"] for r in train),
        # Where the step's time goes (runs older than these metrics lack them).
        **{
            key: statistics.fmean(r[key] for r in train)
            for key in ("rollout_seconds", "refiner_seconds", "update_seconds", "rollout_rounds")
            if all(key in r for r in train)
        },
    }


def _spread(values: list[float]) -> str:
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.3f} ± {sd:.3f}"


def _aim(runs: list[dict[str, float]]) -> str:
    """Per seed, how often the refiner revised wrong and right first attempts: a refiner
    that tells them apart revises the wrong ones more."""
    pairs = [
        (r["revise_rate_wrong_last_quarter"], r["revise_rate_right_last_quarter"])
        for r in runs
        if "revise_rate_wrong_last_quarter" in r and "revise_rate_right_last_quarter" in r
    ]
    return ", ".join(f"{w:.2f} / {g:.2f}" for w, g in pairs) or "—"


def _split(runs: list[dict[str, float]]) -> str:
    """A step's seconds: rollouts (of which the refiner's judging), update; rounds."""
    if not all("rollout_rounds" in r for r in runs):
        return "—"
    mean = {
        key: statistics.fmean(r.get(key, 0.0) for r in runs)
        for key in ("rollout_seconds", "refiner_seconds", "update_seconds", "rollout_rounds")
    }
    return (
        f"{mean['rollout_seconds']:.2f} ({mean['refiner_seconds']:.2f}) / "
        f"{mean['update_seconds']:.2f}, {mean['rollout_rounds']:.1f}"
    )


def _table(results: dict[str, list[dict[str, float]]], baseline: str, warm: float) -> str:
    base_em = statistics.fmean(r["heldout_em"] for r in results[baseline])
    base_time = statistics.fmean(r["step_seconds"] for r in results[baseline])
    lines = [
        "| method | held-out EM (mean ± sd) | per seed | Δ EM vs Search-R1 | revise rate | revised, of wrong / of right first attempts (last quarter) | reward, first → last quarter | searches | s/step | rollout (refiner) / update s, rounds | step time / Search-R1 |",  # noqa: E501
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| SFT warm start (0 steps) | {warm:.3f} | | {warm - base_em:+.3f} | — | — | — | — | — | — | — |",  # noqa: E501
    ]  # fmt: skip
    for method, runs in results.items():
        em = [r["heldout_em"] for r in runs]
        seconds = statistics.fmean(r["step_seconds"] for r in runs)
        lines.append(
            f"| {method} | {_spread(em)} | {' / '.join(f'{e:.3f}' for e in em)} "
            f"| {statistics.fmean(em) - base_em:+.3f} "
            f"| {statistics.fmean(r['revise_rate'] for r in runs):.2f} | {_aim(runs)} "
            f"| {statistics.fmean(r['reward_first_quarter'] for r in runs):.3f} → "
            f"{statistics.fmean(r['reward_last_quarter'] for r in runs):.3f} "
            f"| {statistics.fmean(r['searches_mean'] for r in runs):.2f} "
            f"| {seconds:.2f} | {_split(runs)} | {seconds / base_time:.3f} |"
        )
    lines.append("")
    for method, runs in results.items():
        if method != baseline:
            lines.append(_paired(method, runs, results[baseline]))
    return "\n".join(lines)


def _paired(method: str, runs: list[dict[str, float]], base: list[dict[str, float]]) -> str:
    """Seed by seed against the baseline: both start from the same warm start and draw
    the same first questions, so the per-seed difference is the fairer comparison."""
    diffs = [r["heldout_em"] - b["heldout_em"] for r, b in zip(runs, base, strict=True)]
    ahead = sum(d > 0 for d in diffs)
    sd = statistics.stdev(diffs) if len(diffs) > 1 else 0.0
    return (
        f"{method} − Search-R1, seed by seed: {' / '.join(f'{d:+.3f}' for d in diffs)}; "
        f"mean {statistics.fmean(diffs):+.3f} ± {sd:.3f}; ahead on {ahead} of {len(diffs)} seeds."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--methods", nargs="+", default=LADDER, choices=LADDER)
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    parser.add_argument("--eval-questions", type=int, default=160)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "ladder"
    )
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args(argv)
    if "search_r1" not in args.methods:
        parser.error("the ladder needs search_r1: every figure is a ratio against it")
    # Build (or find) the shared SFT warm start once, before the parallel runs.
    subprocess.run(
        [args.python, "-m", "searchr2", "prepare-demo", "--preset", args.preset,
         *[x for s in args.set for x in ("--set", s)]],
        check=True, cwd=ROOT / "trainer", stdout=subprocess.DEVNULL,
    )  # fmt: skip
    jobs = [(m, s) for s in args.seeds for m in args.methods]
    print(f"{len(jobs)} runs of {args.steps} steps, {args.jobs} at a time", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="searchr2-ladder-") as tmp:
        with ThreadPoolExecutor(args.jobs) as pool:
            futures = {
                (m, s): pool.submit(
                    _train, args.python, Path(tmp) / f"{m}-{s}", m, s, args
                )
                for m, s in jobs
            }
        results: dict[str, list[dict[str, float]]] = {
            m: [_summary(futures[(m, s)].result()) for s in args.seeds]
            for m in args.methods
        }
    warm = warm_start_em(args.python, args)
    table = _table(results, "search_r1", warm)
    header = (
        f"preset {args.preset}, {args.steps} GRPO steps, seeds {args.seeds}, "
        f"{args.eval_questions} held-out questions (greedy, Actor alone, as each run's "
        f"own end-of-run eval); wall {time.perf_counter() - started:.0f} s"
    )
    print(header)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {
        "config": vars(args) | {"out": str(args.out)},
        "results": results,
        "warm_start_heldout_em": warm,
    }
    # Not with_suffix: a name with a dot in it (annotator-replay-w0.25) keeps its whole name.
    name = args.out.name
    (args.out.parent / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n")
    (args.out.parent / f"{name}.md").write_text(header + "\n\n" + table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
