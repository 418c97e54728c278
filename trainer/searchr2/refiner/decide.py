"""The revise / no-revise decision and the cut step, from one forward pass.

The control prompt ends where the model writes the step number, so the next-token
log-probabilities of the digits 0..n are the refiner's whole output: p(0) is "no
revision", and "revise" is the log-sum-exp over the steps 1..n [ours, as the spec
says] or, with ``score="max"``, the most likely step's (revise exactly when the
refiner's greedy answer is a step number) [ours]. The trajectory is revised only when
revise beats no-revision by the margin tau (the paper's rule), or, with
``decision="sample"``, with probability sigmoid(margin - tau) [ours]: joint GRPO then
sees both decisions on like trajectories, so the decision token learns whether revising
beats keeping instead of following the advantage of whichever it always does.
The reward plays no part, so the decision cannot peek at correctness.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.model.generate import cache_kwarg, left_pad
from searchr2.model.kv import RowCache, row_cache


@dataclass(frozen=True)
class Verdict:
    step_logprobs: list[float]  # log p(k) for k = 0..n, over the whole vocabulary
    logp_keep: float
    logp_revise: float
    margin: float  # logp_revise - logp_keep
    revise: bool
    cut_step: int  # 1..n when revising, else 0: the step number the refiner answered
    p_revise: float | None = None  # the probability the decision was drawn with; None: threshold


def digit_token_ids(tokenizer: PreTrainedTokenizerBase, n: int) -> list[int]:
    ids: list[int] = []
    for k in range(n + 1):
        encoded = tokenizer.encode(str(k), add_special_tokens=False)
        if len(encoded) != 1:
            raise ValueError(
                f"the tokenizer splits the digit {k} into {len(encoded)} tokens; the "
                "Meta-Refiner needs one token per step number"
            )
        ids.append(int(encoded[0]))
    return ids


def verdict_from_logprobs(
    step_logprobs: Sequence[float],
    tau: float,
    cut: Literal["argmax", "sample"],
    generator: torch.Generator | None = None,
    score: Literal["logsumexp", "max"] = "logsumexp",
    decision: Literal["threshold", "sample"] = "threshold",
) -> Verdict:
    lp = list(step_logprobs)
    n = len(lp) - 1
    if n < 1:
        return Verdict(lp, lp[0] if lp else 0.0, -math.inf, -math.inf, False, 0)
    steps = torch.tensor(lp[1:], dtype=torch.float64)
    logp_revise = float(torch.logsumexp(steps, dim=0) if score == "logsumexp" else steps.max())
    margin = logp_revise - lp[0]
    p_revise = None
    if decision == "sample":
        p_revise = 1.0 / (1.0 + math.exp(min(tau - margin, 700.0)))
        revise = float(torch.rand((), generator=generator, dtype=torch.float64)) < p_revise
    else:
        revise = margin >= tau
    cut_step = 0
    if revise:
        if cut == "argmax":
            cut_step = int(steps.argmax()) + 1
        else:
            probs = torch.softmax(steps, dim=0).float()
            cut_step = int(torch.multinomial(probs, 1, generator=generator)) + 1
    return Verdict(lp, lp[0], logp_revise, margin, revise, cut_step, p_revise)


@dataclass(frozen=True)
class Judged:
    step_logprobs: list[float]  # log p(digit k | prompt) for k = 0..n
    # Keys and values of the prompt but its last token, when asked for: joint GRPO's
    # last-token update reads the control prompt from here instead of running it again.
    context: RowCache | None = None


@torch.no_grad()
def step_logprobs(
    model: PreTrainedModel,
    prompts: Sequence[Sequence[int]],
    n_steps: Sequence[int],
    digit_ids: Sequence[int],
    pad_id: int,
    batch_size: int = 32,
    keep_context: bool = False,
) -> list[Judged]:
    """log p(digit k | prompt) for k = 0..n_steps[i], for every prompt, in their order."""
    out: dict[int, Judged] = {}
    device = next(model.parameters()).device
    # Chunks of similar lengths: a 2-step control prompt padded to a 4-step one's width
    # pays for the padding in every layer.
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        chunk = [prompts[i] for i in rows]
        ids, mask = left_pad(chunk, pad_id)
        ids, mask = ids.to(device), mask.to(device)
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        contexts: list[RowCache | None] = [None] * len(chunk)
        if keep_context and ids.shape[1] > 1:
            # Left padding puts every prompt's last token in the last column, so the
            # columns before it are each prompt's context: run them once, keep them.
            first = model(
                input_ids=ids[:, :-1],
                attention_mask=mask[:, :-1],
                position_ids=positions[:, :-1],
                use_cache=True,
                logits_to_keep=1,
            )
            cache = first.past_key_values
            contexts = [row_cache(cache, row, mask[row, :-1]) for row in range(len(chunk))]
            logits = model(
                input_ids=ids[:, -1:],
                attention_mask=mask,
                position_ids=positions[:, -1:],
                **{cache_kwarg(model): cache},
                use_cache=True,
            ).logits[:, -1, :]
        else:
            logits = model(
                input_ids=ids, attention_mask=mask, position_ids=positions, logits_to_keep=1
            ).logits[:, -1, :]
        logp = torch.log_softmax(logits.float(), dim=-1).cpu()
        for row, index in enumerate(rows):
            lp = [float(logp[row, digit_ids[k]]) for k in range(n_steps[index] + 1)]
            out[index] = Judged(lp, contexts[row])
    return [out[i] for i in range(len(prompts))]
