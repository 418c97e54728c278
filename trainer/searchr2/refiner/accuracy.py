"""How often the Meta-Refiner names the known earliest flawed step (0 included).

Decided as in training (margin tau, argmax cut, the run's revise score; a sampled decision
is taken at its most likely outcome, the threshold), on trajectories whose
first mistake is known by construction (world/refiner_demos).
"""

from __future__ import annotations

from typing import Literal

from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.refiner.decide import digit_token_ids, step_logprobs, verdict_from_logprobs
from searchr2.refiner.prompt import MAX_STEPS, refiner_prompt
from searchr2.world.refiner_demos import RefinerDemo


def refiner_accuracy(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    demos: list[RefinerDemo],
    actor_prompt: str,
    tau: float = 0.0,
    score: Literal["logsumexp", "max"] = "logsumexp",
) -> float:
    if not demos:
        return 0.0
    prompts = [
        tokenizer.encode(
            refiner_prompt(d.question.question, d.turns, actor_prompt), add_special_tokens=False
        )
        for d in demos
    ]
    n_steps = [min(len(d.turns), MAX_STEPS) for d in demos]
    digits = digit_token_ids(tokenizer, MAX_STEPS)
    logps = step_logprobs(model, prompts, n_steps, digits, int(tokenizer.pad_token_id))
    hits = sum(
        verdict_from_logprobs(j.step_logprobs, tau, "argmax", score=score).cut_step == d.flawed_step
        for j, d in zip(logps, demos, strict=True)
    )
    return hits / len(demos)
