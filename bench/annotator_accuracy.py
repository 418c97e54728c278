"""Held-out cut accuracy of a checkpoint's Meta-Refiner, two ways, both decided with the
run's margin and revise score:

- on the held-out questions' refiner demos, whose earliest flawed step is known by
  construction (as the demo's warm start is measured, assets/prepare.py);
- on the policy's own trajectories for the held-out questions (one sampled rollout each,
  a fixed seed), against the simulated annotator's truth rule (annotator_truth.py): the
  trajectories the refiner judges in training, for questions it never trained on.

    .venv/bin/python bench/annotator_accuracy.py RUN_DIR/checkpoints/step-30

Prints one JSON object: {"cut_accuracy", "demos", "rollout_cut_accuracy", "rollouts"}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator_truth import earliest_flawed_step
from searchr2.assets.prepare import rollout_settings
from searchr2.config.schema import RunConfig
from searchr2.config.validate import from_dict
from searchr2.model.io import load_policy
from searchr2.refiner.accuracy import refiner_accuracy
from searchr2.refiner.decide import digit_token_ids, step_logprobs, verdict_from_logprobs
from searchr2.refiner.prompt import MAX_STEPS, refiner_prompt
from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.rollout.env import make_environment
from searchr2.rollout.loop import run_rollouts
from searchr2.rollout.record import turn_to_dict
from searchr2.rollout.trajectory import Trajectory
from searchr2.text.prompt import encode_prompt
from searchr2.world.build import build_configured_world
from searchr2.world.refiner_demos import build_refiner_demos


def cut_accuracy(checkpoint: Path) -> dict[str, float]:
    config = from_dict(RunConfig, json.loads((checkpoint / "run_config.json").read_text()))
    torch.set_num_threads(config.torch_threads)
    # The refiner demos are the warm start's own (its SFT world, without the rl people);
    # the policy's trajectories search the run's corpus.
    full = build_configured_world(config.world)
    demo, corpus = full.sft_world(), full.passages
    heldout = demo.split("heldout")
    demos = build_refiner_demos(
        heldout, BM25Retriever(demo.passages), config.rollout.top_k, config.sft.seed + 1
    )
    model, tokenizer = load_policy(checkpoint)
    model.eval()
    r = config.refiner
    with torch.no_grad():
        accuracy = refiner_accuracy(
            model, tokenizer, demos, config.rollout.prompt, r.margin, r.revise_score
        )
        # The policy's own held-out trajectories, sampled as in training (seeded).
        env = make_environment(model, tokenizer, BM25Retriever(corpus))
        prompt = config.rollout.prompt
        trajectories = [
            Trajectory(q, encode_prompt(tokenizer, q.question, prompt)) for q in heldout
        ]
        run_rollouts(env, trajectories, rollout_settings(config), torch.Generator().manual_seed(0))
        judged = [t for t in trajectories if t.turns]
        prompts = [
            tokenizer.encode(
                refiner_prompt(t.item.question, t.turns, prompt), add_special_tokens=False
            )
            for t in judged
        ]
        digits = digit_token_ids(tokenizer, MAX_STEPS)
        n_steps = [min(len(t.turns), MAX_STEPS) for t in judged]
        results = step_logprobs(model, prompts, n_steps, digits, int(tokenizer.pad_token_id))
    hits = 0
    for t, result in zip(judged, results, strict=True):
        cut = verdict_from_logprobs(result.step_logprobs, r.margin, "argmax", score=r.revise_score)
        truth = earliest_flawed_step(
            [turn_to_dict(x) for x in t.turns], t.item.supporting_ids, t.item.golden_answers
        )
        hits += cut.cut_step == truth
    return {
        "cut_accuracy": accuracy,
        "demos": float(len(demos)),
        "rollout_cut_accuracy": hits / max(1, len(judged)),
        "rollouts": float(len(judged)),
    }


if __name__ == "__main__":
    print(json.dumps(cut_accuracy(Path(sys.argv[1]))))
