"""What the Meta-Refiner's judging pass costs, and what it would cost read off the Actor's
own cached context: the measurement behind the step-time floor (trainer README, "Not yet").

From a finished run's rollouts.jsonl (first attempts, grouped into the rounds they
finished in: same step, same number of turns) it rebuilds each trajectory's control
prompt and its Actor context, then times, one thread, one process, alternating:

- the control-prompt pass the trainer runs (refiner/decide.py, bf16 autocast);
- a short question appended to the Actor's context, read with that context's keys and
  values already computed (as they are at the end of a rollout; their cost is not timed).

The second is not what the trainer does: it is the cheapest a decision asked from the
Actor's own context could be, so it bounds what that redesign would gain. Writes
bench/results/refiner-pass.md.

    .venv/bin/python bench/refiner_pass.py RUN_DIR --steps 10
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "trainer"))

from searchr2.model.generate import cache_kwarg  # noqa: E402
from searchr2.model.kv import RowCache, row_cache, start_batch  # noqa: E402
from searchr2.refiner.decide import step_logprobs  # noqa: E402
from searchr2.refiner.prompt import MAX_STEPS, refiner_prompt  # noqa: E402
from searchr2.regenerate.rebuild import turn_of_record  # noqa: E402
from searchr2.text.prompt import encode_prompt, information_block  # noqa: E402

SUFFIX = "\nEarliest flawed step (0 if none): "


def _first_attempt(record: dict[str, Any]) -> list[dict[str, Any]]:
    refiner = record.get("refiner") or {}
    if refiner.get("decision") != "revise":
        return list(record["turns"])
    return record["turns"][: refiner["kept_turns"]] + refiner["dropped_turns"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--steps", type=int, default=10, help="the run's first N steps")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--suffix", default=SUFFIX, help="the question appended to the context")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "refiner-pass.md")
    args = parser.parse_args(argv)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(1)
    config = json.loads((args.run_dir / "config.json").read_text())
    checkpoints = sorted(
        (args.run_dir / "checkpoints").glob("step-*"), key=lambda p: int(p.name[5:])
    )
    if not checkpoints:
        raise SystemExit(f"{args.run_dir} has no checkpoint to load the policy from")
    tokenizer = AutoTokenizer.from_pretrained(checkpoints[-1])
    model = AutoModelForCausalLM.from_pretrained(checkpoints[-1]).eval()
    actor_prompt = config["rollout"]["prompt"]

    def encode(text: str) -> list[int]:
        return list(tokenizer.encode(text, add_special_tokens=False))

    rounds: dict[tuple[int, int], list[tuple[list[int], list[int], int]]] = defaultdict(list)
    with (args.run_dir / "rollouts.jsonl").open() as f:
        for line in f:
            record = json.loads(line)
            if record["step"] > args.steps:
                break
            turns = [turn_of_record(t) for t in _first_attempt(record)]
            control = encode(refiner_prompt(record["question"], turns, actor_prompt))
            actor = encode_prompt(tokenizer, record["question"], actor_prompt)
            for t in turns:
                actor += encode(t.text)
                if t.hits:
                    actor += encode(information_block([h.passage for h in t.hits]))
            rounds[(record["step"], len(turns))].append(
                (control, actor, min(len(turns), MAX_STEPS))
            )
    batches = list(rounds.values())
    digits = [encode(str(k))[0] for k in range(MAX_STEPS + 1)]
    pad = int(tokenizer.pad_token_id)
    suffix = encode(args.suffix)
    caches: list[list[RowCache]] = []
    with torch.no_grad():  # the Actor's caches exist once it has rolled out: not timed
        for batch in batches:
            caches.append([])
            for _, actor, _ in batch:
                out = model(input_ids=torch.tensor([actor]), use_cache=True)
                ones = torch.ones(len(actor), dtype=torch.long)
                caches[-1].append(row_cache(out.past_key_values, 0, ones))

    def control_pass() -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            for batch in batches:
                prompts = [c for c, _, _ in batch]
                step_logprobs(model, prompts, [n for *_, n in batch], digits, pad)

    @torch.no_grad()
    def suffix_pass() -> None:  # fp32: the Actor decodes in fp32 on a CPU, so do its caches
        for batch, kept in zip(batches, caches, strict=True):
            prompts = [a + suffix for _, a, _ in batch]
            ids, mask, pos, cache = start_batch(prompts, kept, pad, torch.device("cpu"))
            model(
                input_ids=ids,
                attention_mask=mask,
                position_ids=pos,
                **{cache_kwarg(model): cache},
                use_cache=True,
                logits_to_keep=1,
            )

    seconds: dict[str, list[float]] = {"control": [], "suffix": []}
    for _ in range(args.repeats):
        for name, run in (("control", control_pass), ("suffix", suffix_pass)):
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    n = sum(len(b) for b in batches)
    control, after = (statistics.median(seconds[k]) for k in ("control", "suffix"))
    mean_tokens = {
        "control prompt": statistics.fmean(len(c) for b in batches for c, _, _ in b),
        "Actor context": statistics.fmean(len(a) for b in batches for _, a, _ in b),
        "appended question": len(suffix),
    }
    lines = [
        f"{n} first attempts in {len(batches)} rounds, steps 1-{args.steps} of {args.run_dir}",
        "mean tokens: " + ", ".join(f"{k} {v:.0f}" for k, v in mean_tokens.items()),
        f"control-prompt pass (as trained): {control:.2f} s (median of {args.repeats})",
        f"question on the cached Actor context: {after:.2f} s ({after / control:.2f}x)",
    ]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
