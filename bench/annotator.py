"""Do human cut labels help? A simulated annotator labels the demo's training rollouts.

The annotator knows each trajectory's true earliest flawed step (annotator_truth.py)
and labels N rollouts of every training step through the editor's own path: `label`
commands of the searchr2/1 protocol on the trainer's stdin (`train --protocol stdio`),
acknowledged, kept in the run's labels.jsonl, taught to the Meta-Refiner in the next
update. Every arm trains search_r2 from the same cached SFT warm start for the same
steps and seeds; the arm "none" sends no labels. After training:

- held-out cut accuracy: the final Meta-Refiner on the held-out questions' refiner
  demos, whose first mistake is known by construction (annotator_accuracy.py);
- agreement on the run's own rollouts: the refiner's first decision vs the truth rule,
  last quarter of the training steps (what the annotator would have said);
- held-out EM: greedy, the Actor alone (the run's final eval, as bench/ladder.py).

Prints a table and writes bench/results/annotator.{md,json}. With --keep-runs DIR the
run directories stay (rollouts.jsonl, labels.jsonl, metrics, the final checkpoint) for
bench/groups.py or a held-out eval on other questions (`searchr2 eval --checkpoint`).

    .venv/bin/python bench/annotator.py --steps 30 --seeds 0 1 2 --labels 8 --cut-replays 0 64
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator_truth import earliest_flawed_step, judged_turns
from ladder import ROOT, _spread, _summary, warm_start_em


@dataclass(frozen=True)
class Arm:
    name: str
    labels_per_step: int  # 0: no labels sent
    cut_weight: float
    cut_replay: int = 0  # earlier cuts taught again each update (labels.cut_replay)


@dataclass
class Annotator:
    """Reads a run's events; labels ``per_step`` rollouts of each step by the truth rule."""

    arm: Arm
    gold: dict[str, tuple[list[str], list[str]]]  # question id -> supporting ids, answers
    batch: int  # rollouts a step
    seen: dict[int, int] = field(default_factory=dict)
    sent: int = 0
    acked: int = 0
    applied: int = 0
    agreement: list[tuple[int, bool]] = field(default_factory=list)  # (step, refiner == truth)

    def truth(self, rollout: dict[str, Any], turns: list[Any]) -> int:
        supporting, answers = self.gold[rollout["question_id"]]
        return earliest_flawed_step(turns, supporting, answers)

    def on_event(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """The label command to send for this event, if any."""
        kind = event.get("type")
        if kind == "label_ack":
            self.acked += 1
        elif kind == "label_applied":
            self.applied += len(event["ids"])
        if kind != "rollout":
            return None
        rollout = event["rollout"]
        judged = judged_turns(rollout)
        if judged is not None:
            refiner_cut = int(rollout["refiner"]["cut_step"])
            self.agreement.append((rollout["step"], refiner_cut == self.truth(rollout, judged)))
        index = self.seen.get(rollout["step"], 0)
        self.seen[rollout["step"]] = index + 1
        n = self.arm.labels_per_step
        if n <= 0 or index % max(1, self.batch // n) != 0 or index // max(1, self.batch // n) >= n:
            return None
        self.sent += 1
        label = {
            "id": f"ann-{rollout['id']}",
            "rollout_id": rollout["id"],
            "step": rollout["step"],
            "cut": self.truth(rollout, rollout["turns"]),
        }
        return {"type": "label", "id": f"c-{self.sent}", "label": label}


def _gold(assets: Path) -> dict[str, tuple[list[str], list[str]]]:
    rows = [json.loads(x) for x in (assets / "train.jsonl").read_text().splitlines() if x]
    return {str(r["id"]): (list(r.get("supporting_ids", [])), r["golden_answers"]) for r in rows}


def _train(
    python: str, run_dir: Path, arm: Arm, seed: int, args: argparse.Namespace, gold: Any
) -> dict[str, Any]:
    command = [
        python, "-m", "searchr2", "train", "--preset", args.preset, "--protocol", "stdio",
        "--max-steps", str(args.steps), "--seed", str(seed), "--run-dir", str(run_dir),
        "--set", "method=search_r2", "--set", f"train.eval_questions={args.eval_questions}",
        "--set", "train.checkpoint_every=0", "--set", f"labels.cut_weight={arm.cut_weight}",
        "--set", f"labels.cut_replay={arm.cut_replay}",
        "--log-level", "warning", *[x for s in args.set for x in ("--set", s)],
    ]  # fmt: skip
    started = time.perf_counter()
    log = run_dir.parent / f"{run_dir.name}.stderr.log"  # not with_suffix: "w0.1" has a dot
    with log.open("w") as stderr_file:  # a file, not a pipe: it never fills and blocks
        proc = subprocess.Popen(
            command, cwd=ROOT / "trainer", text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr_file,
        )  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    annotator = Annotator(arm, gold, args.batch)
    for line in proc.stdout:
        command_out = annotator.on_event(json.loads(line))
        if command_out is not None:
            proc.stdin.write(json.dumps(command_out) + "\n")
            proc.stdin.flush()
    if proc.wait() != 0:
        sys.stderr.write(log.read_text()[-3000:])
        raise SystemExit(f"{arm.name} seed {seed} failed ({proc.returncode})")
    seconds = time.perf_counter() - started
    checkpoint = run_dir / "checkpoints" / f"step-{args.steps}"
    measured = subprocess.run(
        [python, str(ROOT / "bench" / "annotator_accuracy.py"), str(checkpoint)],
        cwd=ROOT / "trainer", check=True, capture_output=True, text=True,
    )  # fmt: skip
    last_quarter = args.steps - max(1, args.steps // 4)
    late = [ok for step, ok in annotator.agreement if step > last_quarter]
    result = {
        **_summary(run_dir / "metrics.jsonl"),
        **json.loads(measured.stdout),
        "train_agreement_last_quarter": statistics.fmean(late) if late else 0.0,
        "labels_sent": annotator.sent,
        "labels_acked": annotator.acked,
        "labels_applied": annotator.applied,
        "seconds": seconds,
    }
    print(
        f"  {arm.name:<12} seed {seed}: {seconds:6.1f} s, EM {result['heldout_em']:.3f}, "
        f"cut accuracy {result['cut_accuracy']:.3f} (demos) "
        f"{result['rollout_cut_accuracy']:.3f} (own rollouts), labels {annotator.sent} sent / "
        f"{annotator.applied} applied",
        flush=True,
    )
    return result


def _table(results: dict[str, list[dict[str, Any]]], sft_accuracy: float, warm: float) -> str:
    base = statistics.fmean(r["heldout_em"] for r in results["none"])
    base_acc = statistics.fmean(r["cut_accuracy"] for r in results["none"])
    base_own = statistics.fmean(r["rollout_cut_accuracy"] for r in results["none"])
    lines = [
        "| arm | labels sent / applied (per run) | held-out cut accuracy, own rollouts (mean ± sd) | Δ vs none | held-out cut accuracy, refiner demos (mean ± sd) | Δ vs none | agreement on training rollouts, last quarter | held-out EM (mean ± sd) | Δ EM vs none | revise rate | revised, of wrong / of right first attempts (last quarter) |",  # noqa: E501
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| SFT warm start | — | — | — | {sft_accuracy:.3f} | — | — | {warm:.3f} | {warm - base:+.3f} | — | — |",  # noqa: E501
    ]  # fmt: skip
    for name, runs in results.items():
        own = [r["rollout_cut_accuracy"] for r in runs]
        acc = [r["cut_accuracy"] for r in runs]
        em = [r["heldout_em"] for r in runs]
        lines.append(
            f"| {name} | {statistics.fmean(r['labels_sent'] for r in runs):.0f} / "
            f"{statistics.fmean(r['labels_applied'] for r in runs):.0f} "
            f"| {_spread(own)} | {statistics.fmean(own) - base_own:+.3f} "
            f"| {_spread(acc)} | {statistics.fmean(acc) - base_acc:+.3f} "
            f"| {statistics.fmean(r['train_agreement_last_quarter'] for r in runs):.3f} "
            f"| {_spread(em)} | {statistics.fmean(em) - base:+.3f} "
            f"| {statistics.fmean(r['revise_rate'] for r in runs):.2f} "
            f"| {_mean_of(runs, 'revise_rate_wrong_last_quarter')} / "
            f"{_mean_of(runs, 'revise_rate_right_last_quarter')} |"
        )
    return "\n".join(lines)


def _mean_of(runs: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in runs if key in r]
    return f"{statistics.fmean(values):.2f}" if values else "—"


def _arms(args: argparse.Namespace) -> list[Arm]:
    arms = [Arm("none", 0, 1.0)]
    for n in args.labels:
        for w in args.cut_weights:
            for replay in args.cut_replays:
                suffix = f" replay {replay}" if replay else ""
                arms.append(Arm(f"labels {n} w{w:g}{suffix}", n, w, replay))
    return arms


def _reused_none(args: argparse.Namespace) -> list[dict[str, Any]]:
    earlier = json.loads(args.reuse_none.read_text())
    config = earlier["config"]
    for key in ("preset", "steps", "seeds", "eval_questions", "set"):
        if config.get(key) != getattr(args, key):
            raise SystemExit(
                f"--reuse-none {args.reuse_none}: its {key} is {config.get(key)!r}, this run's "
                f"is {getattr(args, key)!r}; train the none arm again instead"
            )
    runs: list[dict[str, Any]] = earlier["results"]["none"]
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--labels", type=int, nargs="+", default=[8], help="labels a step")
    parser.add_argument("--cut-weights", type=float, nargs="+", default=[1.0])
    parser.add_argument("--cut-replays", type=int, nargs="+", default=[0], help="labels.cut_replay")
    parser.add_argument("--jobs", type=int, default=6)
    parser.add_argument("--eval-questions", type=int, default=160)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "annotator")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument(
        "--reuse-none",
        type=Path,
        metavar="RESULTS_JSON",
        help="take the 'none' arm from an earlier results file of the same steps, seeds and "
        "preset instead of training it again (it sends no labels, so it is deterministic)",
    )
    parser.add_argument(
        "--keep-runs",
        type=Path,
        metavar="DIR",
        help="train in DIR and keep each run's directory (rollouts, labels, metrics, "
        "final checkpoint) for later analysis; default: a temporary directory",
    )
    args = parser.parse_args(argv)
    if len(args.seeds) < 2:
        parser.error("give at least two seeds: one run says nothing about a difference")
    prepared = subprocess.run(
        [args.python, "-m", "searchr2", "prepare-demo", "--preset", args.preset,
         *[x for s in args.set for x in ("--set", s)]],
        check=True, cwd=ROOT / "trainer", capture_output=True, text=True,
    )  # fmt: skip
    assets = Path(prepared.stdout.strip().splitlines()[-1])
    manifest = json.loads((assets / "manifest.json").read_text())
    config = json.loads(
        subprocess.run(
            [args.python, "-c", _CONFIG_PROBE, args.preset, *args.set],
            check=True, cwd=ROOT / "trainer", capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    args.batch = config["questions_per_step"] * config["group_size"]
    gold = _gold(assets)
    arms = _arms(args)
    reused = _reused_none(args) if args.reuse_none else None
    jobs = [(a, s) for s in args.seeds for a in arms if not (reused and a.name == "none")]
    print(f"{len(jobs)} runs of {args.steps} steps, {args.jobs} at a time", flush=True)
    started = time.perf_counter()
    if args.keep_runs:
        args.keep_runs.mkdir(parents=True, exist_ok=True)
    runs_dir = (
        nullcontext(str(args.keep_runs))
        if args.keep_runs
        else tempfile.TemporaryDirectory(prefix="searchr2-annotator-")
    )
    with runs_dir as tmp:
        with ThreadPoolExecutor(args.jobs) as pool:
            futures = {
                (a.name, s): pool.submit(
                    _train,
                    args.python,
                    Path(tmp) / f"{a.name.replace(' ', '-')}-{s}",
                    a,
                    s,
                    args,
                    gold,
                )
                for a, s in jobs
            }
        results = {
            a.name: reused
            if reused and a.name == "none"
            else [futures[(a.name, s)].result() for s in args.seeds]
            for a in arms
        }
    sft_accuracy = float(manifest.get("sft_refiner_accuracy", float("nan")))
    warm = warm_start_em(args.python, args)
    table = _table(results, sft_accuracy, warm)
    header = (
        f"preset {args.preset}, search_r2, {args.steps} GRPO steps of {args.batch} rollouts, "
        f"seeds {args.seeds}; held-out cut accuracy on "
        f"{int(results['none'][0]['demos'])} held-out refiner demos; held-out EM greedy, "
        f"Actor alone, {args.eval_questions} questions, as each run's own end-of-run eval; "
        f"wall {time.perf_counter() - started:.0f} s"
    )
    print(header)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "sft_refiner_accuracy": sft_accuracy,
        "warm_start_heldout_em": warm,
        "results": results,
    }
    # Not with_suffix: a name with a dot in it (annotator-replay-w0.25) keeps its whole name.
    name = args.out.name
    (args.out.parent / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n")
    (args.out.parent / f"{name}.md").write_text(header + "\n\n" + table + "\n")
    return 0


_CONFIG_PROBE = """
import json, sys
from searchr2.config.load import resolve_config
c = resolve_config(sys.argv[1], None, sys.argv[2:])
print(json.dumps({"questions_per_step": c.grpo.questions_per_step,
                  "group_size": c.rollout.group_size}))
"""


if __name__ == "__main__":
    raise SystemExit(main())
