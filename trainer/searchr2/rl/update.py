"""One GRPO policy update from a batch of scored trajectories."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import PreTrainedModel

from searchr2.model.precision import autocast
from searchr2.rl.batch import PackedBatch, pack, token_logprobs
from searchr2.rl.grpo_loss import grpo_loss
from searchr2.rollout.trajectory import Trajectory


@dataclass(frozen=True)
class GRPOSettings:
    clip_eps: float
    kl_coef: float
    minibatches: int
    max_grad_norm: float


def _pack(trajectories: list[Trajectory], pad_id: int) -> PackedBatch:
    seqs = [t.context for t in trajectories]
    masks = [[0] * len(t.prompt_ids) + t.loss_mask for t in trajectories]
    return pack(seqs, masks, pad_id)


@torch.no_grad()
def _frozen_logprobs(model: PreTrainedModel, batch: PackedBatch, precision: str) -> torch.Tensor:
    with autocast("bf16" if precision == "bf16" else "fp32", batch.input_ids.device):
        return token_logprobs(model, batch)


def grpo_update(
    model: PreTrainedModel,
    reference: PreTrainedModel | None,
    optimizer: torch.optim.Optimizer,
    trajectories: list[Trajectory],
    advantages: list[float],
    settings: GRPOSettings,
    pad_id: int,
    precision: str,
) -> dict[str, float]:
    n = len(trajectories)
    chunks = [list(range(i, n, settings.minibatches)) for i in range(settings.minibatches)]
    chunks = [c for c in chunks if c]
    stats = {"loss": 0.0, "policy_loss": 0.0, "kl": 0.0, "clip_fraction": 0.0, "grad_norm": 0.0}
    batches = [_pack([trajectories[i] for i in chunk], pad_id) for chunk in chunks]
    # With one minibatch the update is exactly on-policy and the old log-probs are the
    # current ones (ratio 1); with several, all must be taken before the first step.
    olds: list[torch.Tensor | None] = [None] * len(batches)
    if len(batches) > 1:
        olds = [_frozen_logprobs(model, b, precision) for b in batches]
    model.train()
    for chunk, batch, old in zip(chunks, batches, olds, strict=True):
        adv = torch.tensor([advantages[i] for i in chunk], dtype=torch.float32)
        ref = None
        if reference is not None and settings.kl_coef > 0.0:
            ref = _frozen_logprobs(reference, batch, precision)
        with autocast("bf16" if precision == "bf16" else "fp32", batch.input_ids.device):
            logp = token_logprobs(model, batch)
        parts = grpo_loss(
            logp,
            logp.detach() if old is None else old,
            adv,
            batch.target_mask,
            settings.clip_eps,
            ref,
            settings.kl_coef,
        )
        optimizer.zero_grad(set_to_none=True)
        parts.loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), settings.max_grad_norm)
        optimizer.step()
        stats["loss"] += float(parts.loss.item()) / len(chunks)
        stats["policy_loss"] += parts.policy_loss / len(chunks)
        stats["kl"] += parts.kl / len(chunks)
        stats["clip_fraction"] += parts.clip_fraction / len(chunks)
        stats["grad_norm"] += float(norm) / len(chunks)
    model.eval()
    return stats
