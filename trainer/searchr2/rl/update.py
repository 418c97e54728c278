"""One GRPO policy update from a batch of scored sequences.

A sequence is a trajectory (trained on the model-written tokens) or, in joint GRPO, a
Meta-Refiner decision (trained on the one step-number token); each carries the
advantage of the trajectory it belongs to.

Human cut labels enter as ``SupervisedToken``s: a weighted cross-entropy on the step
number a person chose, a token mean of its own added to the first minibatch's loss.
They never enter the PPO ratio: the person's cut was not sampled from the policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import PreTrainedModel

from searchr2.model.kv import RowCache
from searchr2.model.precision import autocast
from searchr2.rl.batch import (
    PackedBatch,
    cached_tail_logprobs,
    last_token_logprobs,
    left_pack_last_token,
    left_pack_tails,
    length_buckets,
    pack,
    token_logprobs,
)
from searchr2.rl.grpo_loss import grpo_loss
from searchr2.rollout.trajectory import Trajectory


@dataclass(frozen=True)
class TrainSequence:
    ids: list[int]
    mask: list[int]  # 1 on each token that is trained
    advantage: float
    # Only the last token is trained, and the gradient flows through its position
    # alone: the context is read without gradient (refiner.decision_gradient =
    # "last_token") [ours]. Same log-probabilities, a fraction of the cost.
    last_token_only: bool = False
    # Keys and values of the sequence's first tokens, kept from the rollout (a refiner
    # decision's control prompt, a cut attempt's kept prefix): the tokens after them run
    # with gradient, the context without, and is not run again. Valid while the weights
    # are those that made it (one minibatch, before its step); otherwise unused.
    context: RowCache | None = None


@dataclass(frozen=True)
class SupervisedToken:
    """Teach ``target`` after the prompt ``ids`` (a human's cut on a refiner prompt)."""

    ids: list[int]
    target: int
    weight: float


def trajectory_sequence(t: Trajectory, advantage: float) -> TrainSequence:
    return TrainSequence(t.context, [0] * len(t.prompt_ids) + t.loss_mask, advantage)


@dataclass(frozen=True)
class GRPOSettings:
    clip_eps: float
    kl_coef: float
    minibatches: int
    max_grad_norm: float
    length_buckets: int = 2
    # Teach human cuts through the answer position alone, as the last-token decision
    # gradient does (refiner.decision_gradient): the control prompt is read without
    # gradient, so 64 replayed cuts cost one position each, not a backward pass over
    # each ~150-token prompt [ours].
    supervised_last_token: bool = False


@dataclass
class _Piece:
    batch: PackedBatch
    advantages: torch.Tensor
    last_token_only: bool = False
    old: torch.Tensor | None = None
    contexts: list[RowCache] | None = None

    def logprobs(self, model: PreTrainedModel) -> torch.Tensor:
        if self.contexts is not None:
            return cached_tail_logprobs(model, self.batch, self.contexts)
        if self.last_token_only:
            return last_token_logprobs(model, self.batch)
        return token_logprobs(model, self.batch)


def _pieces(
    sequences: list[TrainSequence],
    indices: list[int],
    n_buckets: int,
    pad_id: int,
    device: torch.device,
    reuse_contexts: bool,
) -> list[_Piece]:
    pieces = []
    cached = [i for i in indices if reuse_contexts and sequences[i].context is not None]
    rest = sorted(set(indices) - set(cached))
    whole = [i for i in rest if not sequences[i].last_token_only]
    for bucket in length_buckets([len(sequences[i].ids) for i in whole], n_buckets):
        chosen = [sequences[whole[j]] for j in bucket]
        batch = pack([s.ids for s in chosen], [s.mask for s in chosen], pad_id).to(device)
        pieces.append(_Piece(batch, _advantages(chosen, device)))
    last = [i for i in rest if sequences[i].last_token_only]
    for bucket in length_buckets([len(sequences[i].ids) for i in last], n_buckets):
        chosen = [sequences[last[j]] for j in bucket]
        batch = left_pack_last_token([s.ids for s in chosen], pad_id).to(device)
        pieces.append(_Piece(batch, _advantages(chosen, device), last_token_only=True))
    # Decisions (one target) and attempts (a step's tokens) apart: like with like.
    for kind in (True, False):
        same = [i for i in cached if sequences[i].last_token_only is kind]
        for bucket in length_buckets([len(sequences[i].ids) for i in same], n_buckets):
            chosen = [sequences[same[j]] for j in bucket]
            contexts = [s.context for s in chosen if s.context is not None]
            # start_batch reuses at most all but the row's last input (ids[:-1]).
            tails = [
                len(s.ids) - 1 - min(c.length, len(s.ids) - 2)
                for s, c in zip(chosen, contexts, strict=True)
            ]
            ids, masks = [s.ids for s in chosen], [s.mask for s in chosen]
            batch = left_pack_tails(ids, masks, tails, pad_id).to(device)
            piece = _Piece(batch, _advantages(chosen, device), last_token_only=kind)
            piece.contexts = contexts
            pieces.append(piece)
    return pieces


def _advantages(chosen: list[TrainSequence], device: torch.device) -> torch.Tensor:
    return torch.tensor([s.advantage for s in chosen], dtype=torch.float32, device=device)


def _supervised_loss(
    model: PreTrainedModel,
    tokens: Sequence[SupervisedToken],
    pad_id: int,
    precision: str,
    device: torch.device,
    last_token: bool = False,
) -> torch.Tensor:
    """sum_i w_i * -log p(target_i | ids_i) / n: a token mean over the labelled cuts."""
    sequences = [[*t.ids, t.target] for t in tokens]
    if last_token:
        batch = left_pack_last_token(sequences, pad_id).to(device)
    else:
        batch = pack(sequences, [[0] * len(t.ids) + [1] for t in tokens], pad_id).to(device)
    with autocast("bf16" if precision == "bf16" else "fp32", device):
        logp = last_token_logprobs(model, batch) if last_token else token_logprobs(model, batch)
    weights = (
        batch.target_mask
        * torch.tensor([t.weight for t in tokens], dtype=torch.float32, device=device)[:, None]
    )
    return -(logp * weights).sum() / len(tokens)


@torch.no_grad()
def _frozen_logprobs(model: PreTrainedModel, piece: _Piece, precision: str) -> torch.Tensor:
    with autocast("bf16" if precision == "bf16" else "fp32", piece.batch.input_ids.device):
        return piece.logprobs(model)


def grpo_update(
    model: PreTrainedModel,
    reference: PreTrainedModel | None,
    optimizer: torch.optim.Optimizer,
    sequences: list[TrainSequence],
    settings: GRPOSettings,
    pad_id: int,
    precision: str,
    supervised: Sequence[SupervisedToken] = (),
) -> dict[str, float]:
    n = len(sequences)
    device = next(model.parameters()).device
    minibatches = [list(range(i, n, settings.minibatches)) for i in range(settings.minibatches)]
    minibatches = [m for m in minibatches if m] or ([[]] if supervised else [])
    # Kept refiner contexts match the weights only before the first optimizer step.
    reuse = len(minibatches) == 1
    plan = [
        _pieces(sequences, m, settings.length_buckets, pad_id, device, reuse) if m else []
        for m in minibatches
    ]
    # With one minibatch the update is exactly on-policy and the old log-probs are the
    # current ones (ratio 1); with several, all are taken before the first step.
    if len(plan) > 1:
        for pieces in plan:
            for piece in pieces:
                piece.old = _frozen_logprobs(model, piece, precision)
    stats = {"loss": 0.0, "policy_loss": 0.0, "kl": 0.0, "clip_fraction": 0.0, "grad_norm": 0.0}
    if supervised:
        stats["label_loss"] = 0.0
    model.train()
    for index, pieces in enumerate(plan):
        n_tokens = float(sum(p.batch.n_tokens for p in pieces))
        optimizer.zero_grad(set_to_none=True)
        if supervised and index == 0:
            label_loss = _supervised_loss(
                model, supervised, pad_id, precision, device, settings.supervised_last_token
            )
            label_loss.backward()
            stats["label_loss"] = float(label_loss.item())
        for piece in pieces:
            ref = None
            # The KL term regularises the Actor's text; a last-token-only decision is
            # one token per trajectory and skips the reference's pass over its prompt,
            # and a sequence read from a kept context skips it too: the reference would
            # have to run the whole context the cache saved [ours].
            frozen_context = piece.last_token_only or piece.contexts is not None
            if reference is not None and settings.kl_coef > 0.0 and not frozen_context:
                ref = _frozen_logprobs(reference, piece, precision)
            with autocast("bf16" if precision == "bf16" else "fp32", piece.batch.input_ids.device):
                logp = piece.logprobs(model)
            parts = grpo_loss(
                logp,
                logp.detach() if piece.old is None else piece.old,
                piece.advantages,
                piece.batch.target_mask,
                settings.clip_eps,
                ref,
                settings.kl_coef,
                n_tokens=n_tokens,
            )
            parts.loss.backward()
            weight = 1.0 / len(plan)
            stats["loss"] += float(parts.loss.item()) * weight
            stats["policy_loss"] += parts.policy_loss * weight
            stats["kl"] += parts.kl * weight
            share = piece.batch.n_tokens / max(1.0, n_tokens)
            stats["clip_fraction"] += parts.clip_fraction * share * weight
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), settings.max_grad_norm)
        optimizer.step()
        stats["grad_norm"] += float(norm) / len(plan)
    model.eval()
    return stats
