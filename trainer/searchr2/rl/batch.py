"""Pack token sequences into right-padded tensors for a teacher-forced forward pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import PreTrainedModel

from searchr2.model.generate import cache_kwarg
from searchr2.model.kv import RowCache, start_batch


@dataclass(frozen=True)
class PackedBatch:
    input_ids: torch.Tensor  # [B, T]
    attention_mask: torch.Tensor  # [B, T]
    target_mask: torch.Tensor  # [B, T-1]: 1 where ids[:, 1:] is a trained token

    @property
    def n_tokens(self) -> int:
        return int((self.target_mask > 0).sum().item())

    def to(self, device: torch.device) -> PackedBatch:
        if self.input_ids.device == device:
            return self
        return PackedBatch(
            self.input_ids.to(device), self.attention_mask.to(device), self.target_mask.to(device)
        )


def pack(
    sequences: Sequence[Sequence[int]], masks: Sequence[Sequence[float]], pad_id: int
) -> PackedBatch:
    """``masks[i][j]`` says whether (1) token j of sequence i is trained on, or its weight."""
    width = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(sequences), width), dtype=torch.long)
    trained = torch.zeros((len(sequences), width), dtype=torch.float32)
    for i, (seq, mask) in enumerate(zip(sequences, masks, strict=True)):
        if len(seq) != len(mask):
            raise ValueError("each token needs a mask entry")
        ids[i, : len(seq)] = torch.tensor(list(seq), dtype=torch.long)
        attention[i, : len(seq)] = 1
        trained[i, : len(seq)] = torch.tensor(list(mask), dtype=torch.float32)
    return PackedBatch(ids, attention, trained[:, 1:])


def length_buckets(lengths: Sequence[int], n_buckets: int) -> list[list[int]]:
    """Indices grouped into ``n_buckets`` runs of similar length.

    Trajectories range from ~250 to ~550 tokens; padding a whole batch to the longest
    wastes about half the compute, so forward passes go bucket by bucket.
    """
    if not lengths:
        return []
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    size = -(-len(order) // max(1, n_buckets))
    return [order[i : i + size] for i in range(0, len(order), size)]


def token_logprobs(model: PreTrainedModel, batch: PackedBatch) -> torch.Tensor:
    """log p(ids[:, t+1] | ids[:, :t+1]) for every position, shape [B, T-1]."""
    # Explicit positions: generation left-pads, training right-pads, and both must give
    # each token the same position for the ratio to start at exactly 1.
    positions = (batch.attention_mask.cumsum(-1) - 1).clamp(min=0)
    logits = model(
        input_ids=batch.input_ids,
        attention_mask=batch.attention_mask,
        position_ids=positions,
        use_cache=False,
    ).logits[:, :-1, :]
    logp = torch.log_softmax(logits.float(), dim=-1)
    return logp.gather(-1, batch.input_ids[:, 1:, None]).squeeze(-1)


def left_pack_last_token(sequences: Sequence[Sequence[int]], pad_id: int) -> PackedBatch:
    """Left-padded, so every sequence's trained last token sits in the last column."""
    width = max(len(s) for s in sequences)
    if min(len(s) for s in sequences) < 2:
        raise ValueError("a last-token sequence needs a context of at least one token")
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(sequences), width), dtype=torch.long)
    for i, seq in enumerate(sequences):
        ids[i, width - len(seq) :] = torch.tensor(list(seq), dtype=torch.long)
        attention[i, width - len(seq) :] = 1
    return PackedBatch(ids, attention, torch.ones((len(sequences), 1), dtype=torch.float32))


def last_token_logprobs(model: PreTrainedModel, batch: PackedBatch) -> torch.Tensor:
    """log p(last token | the rest), shape [B, 1], from a left-packed batch.

    The context up to the second-to-last token is read under no_grad into a KV cache;
    only the second-to-last position, which predicts the last token, runs with
    gradient. The value equals token_logprobs' at that position; the gradient is
    truncated to that position's own computation [ours]: a Meta-Refiner decision is one
    token after a ~200-token control prompt, and a full backward pass over the prompt
    costs as much as a trajectory's.
    """
    ids, mask = batch.input_ids, batch.attention_mask
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    with torch.no_grad():
        context = model(
            input_ids=ids[:, :-2],
            attention_mask=mask[:, :-2],
            position_ids=positions[:, :-2],
            use_cache=True,
            logits_to_keep=1,
        )
    logits = model(
        input_ids=ids[:, -2:-1],
        attention_mask=mask[:, :-1],
        position_ids=positions[:, -2:-1],
        **{cache_kwarg(model): context.past_key_values},
        use_cache=False,
    ).logits[:, -1, :]
    logp = torch.log_softmax(logits.float(), dim=-1)
    return logp.gather(-1, ids[:, -1:]).reshape(-1, 1)


def left_pack_tails(
    sequences: Sequence[Sequence[int]],
    masks: Sequence[Sequence[float]],
    tails: Sequence[int],
    pad_id: int,
) -> PackedBatch:
    """Left-padded, with a target mask over the last ``max(tails)`` columns only: row i's
    last ``tails[i]`` tokens are its targets (weighted by its mask), the rest its context.
    With every tail 1 this is left_pack_last_token's batch."""
    width = max(len(s) for s in sequences)
    if any(t < 1 or t >= len(s) for s, t in zip(sequences, tails, strict=True)):
        raise ValueError("a tail needs at least one target and one token of context")
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(sequences), width), dtype=torch.long)
    trained = torch.zeros((len(sequences), max(tails)), dtype=torch.float32)
    for i, (seq, mask, tail) in enumerate(zip(sequences, masks, tails, strict=True)):
        if len(seq) != len(mask):
            raise ValueError("each token needs a mask entry")
        ids[i, width - len(seq) :] = torch.tensor(list(seq), dtype=torch.long)
        attention[i, width - len(seq) :] = 1
        trained[i, trained.shape[1] - tail :] = torch.tensor(list(mask[-tail:]))
    return PackedBatch(ids, attention, trained)


def cached_tail_logprobs(
    model: PreTrainedModel, batch: PackedBatch, contexts: Sequence[RowCache]
) -> torch.Tensor:
    """log p(each tail token | the tokens before it), shape [B, U], from a left_pack_tails
    batch whose row i's context keys and values are ``contexts[i]``, given, not recomputed.

    ``contexts[i]`` holds row i's tokens up to the position that predicts its first
    target; only the tail's positions run, with gradient [ours]: a Meta-Refiner decision
    (one target after a ~200-token control prompt) or a cut attempt's dropped tokens
    (after its kept prefix) cost their own positions, not a pass over their context.
    """
    width = batch.target_mask.shape[1]
    rows = [
        row[mask.bool()].tolist()[:-1]
        for row, mask in zip(batch.input_ids.cpu(), batch.attention_mask.cpu(), strict=True)
    ]
    device = batch.input_ids.device
    # The kept keys and values meet this pass's own: both in the dtype it computes in
    # (a rollout's fp32 decoding can have made them, an autocast update reads them).
    dtype = (
        torch.get_autocast_dtype(device.type)
        if torch.is_autocast_enabled(device.type)
        else next(model.parameters()).dtype
    )
    # Each row's uncached tail ends at its last position, so no pad id is ever written.
    ids, mask, positions, cache = start_batch(rows, list(contexts), 0, device, dtype)
    if ids.shape[1] != width:
        raise ValueError("each kept context must cover all but its row's tail positions")
    logits = model(
        input_ids=ids,
        attention_mask=mask,
        position_ids=positions,
        **{cache_kwarg(model): cache},
        use_cache=True,
    ).logits
    logp = torch.log_softmax(logits.float(), dim=-1)
    return logp.gather(-1, batch.input_ids[:, -width:, None]).squeeze(-1)
