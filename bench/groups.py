"""Where a run's GRPO signal came from: its groups, read back from rollouts.jsonl.

For every (step, group) it asks whether the first attempts were all wrong (no signal
for Search-R1's GRPO: every advantage is 0), and, for a Search-R2 run, whether the
refiner's regenerations turned such a group into one with a right answer (a rescue).
It also counts where the cuts fell (kept_turns 0: the cut resamples the whole attempt).
This is the count behind the trainer README's "why Search-R2 cannot separate" notes.

    .venv/bin/python bench/groups.py RUN_DIR [RUN_DIR ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "trainer"))

from searchr2.text.normalize import exact_match  # noqa: E402
from searchr2.text.tags import extract_answer  # noqa: E402


def first_attempt_right(record: dict[str, Any]) -> bool:
    """Was the answer before any cut right? (The final answer when nothing was cut.)"""
    refiner = record.get("refiner")
    if not refiner or refiner.get("decision") != "revise":
        return float(record["em"]) > 0.0
    # The cut drops the answer step, so the first attempt's answer is in the dropped turns.
    text = "\n".join(turn["text"] for turn in refiner.get("dropped_turns", []))
    return exact_match(extract_answer(text), record["golden_answers"]) > 0.0


def group_counts(rollouts: Path) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in rollouts.read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            groups[record["group_id"]].append(record)
    all_wrong = rescued = with_signal = 0
    kept_turns: Counter[int] = Counter()
    for members in groups.values():
        first = [first_attempt_right(r) for r in members]
        final = [float(r["em"]) > 0.0 for r in members]
        rewards = {round(float(r["reward"]), 6) for r in members}
        with_signal += len(rewards) > 1
        if not any(first):
            all_wrong += 1
            rescued += any(final)
        for r in members:
            refiner = r.get("refiner")
            if refiner and refiner.get("decision") == "revise":
                kept_turns[int(refiner["kept_turns"])] += 1
    return {
        "groups": len(groups),
        "groups_with_reward_spread": with_signal,
        "first_attempts_all_wrong": all_wrong,
        "rescued_by_regeneration": rescued,
        "cuts": sum(kept_turns.values()),
        "cuts_by_kept_turns": dict(sorted(kept_turns.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+", help="run directories")
    args = parser.parse_args(argv)
    for run in args.runs:
        print(run, json.dumps(group_counts(run / "rollouts.jsonl")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
