"""Drawing one token per row: torch.multinomial against searchr2's sample_rows.

The demo's vocabulary (892), one CPU thread, the batch sizes a demo rollout decodes at.
Both run in this process, alternating; prints microseconds per call (best of the
repeats) and the ratio, and writes the table to bench/results/sampling.md.
Usage: .venv/bin/python bench/sampling.py [--calls 500] [--repeats 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from searchr2.model.sampling import sample_rows


def per_call_us(fn, calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(0)
    lines = [
        f"one CPU thread, vocabulary 892, best of {args.repeats} x {args.calls} calls",
        "",
        "| rows | torch.multinomial (us) | sample_rows (us) | ratio |",
        "|---|---|---|---|",
    ]
    for line in lines:
        print(line)
    for rows in (1, 4, 16, 40):
        scores = torch.randn(rows, 892, generator=generator)
        probs = torch.softmax(scores, dim=-1)
        baseline = lambda: torch.multinomial(probs, 1, generator=generator)  # noqa: E731
        ours = lambda: sample_rows(probs, generator)  # noqa: E731
        best = {"multinomial": float("inf"), "ours": float("inf")}
        for _ in range(args.repeats):
            best["multinomial"] = min(best["multinomial"], per_call_us(baseline, args.calls))
            best["ours"] = min(best["ours"], per_call_us(ours, args.calls))
        ratio = best["ours"] / best["multinomial"]
        lines.append(f"| {rows} | {best['multinomial']:.1f} | {best['ours']:.1f} | {ratio:.2f} |")
        print(lines[-1])
    out = Path(__file__).resolve().parent / "results" / "sampling.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
