"""Batched sampling with a KV cache, stopping each row at its own stop token.

Rollout time on a CPU is mostly per-token Python overhead (DEMO-FEASIBILITY), so the
whole batch advances one token per forward pass, finished rows are dropped from the
cache, and the stop test is a set lookup on token ids rather than a decode.

A row may bring a ``RowCache``: the keys and values of its first tokens from an
earlier call. Only the rest of its prompt is then run through the model, and the row
leaves with its cache extended, so a multi-turn rollout pays each token once, and a
trajectory the Meta-Refiner cut at step j keeps its prefix's computation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from transformers import DynamicCache, PreTrainedModel

from searchr2.errors import Aborted


class GenerationAborted(Aborted):
    """Raised when the caller asked to stop mid-generation (e.g. a stop command)."""


@dataclass(frozen=True)
class SamplingParams:
    max_new_tokens: int
    temperature: float = 1.0
    greedy: bool = False


def cache_kwarg(model: PreTrainedModel) -> str:
    # transformers 5 renamed past_key_values to cache; accept both generations.
    params = inspect.signature(model.forward).parameters
    return "cache" if "cache" in params else "past_key_values"


def left_pad(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        if row:
            ids[i, width - len(row) :] = torch.tensor(row, dtype=torch.long)
            mask[i, width - len(row) :] = 1
    return ids, mask


@dataclass(frozen=True)
class RowCache:
    """Per layer, keys and values of one sequence's first ``length`` tokens: [H, length, D]."""

    layers: tuple[tuple[torch.Tensor, torch.Tensor], ...]

    @property
    def length(self) -> int:
        return int(self.layers[0][0].shape[1]) if self.layers else 0

    def crop(self, length: int) -> RowCache:
        return RowCache(tuple((k[:, :length], v[:, :length]) for k, v in self.layers))


def _layer_tensors(cache: DynamicCache) -> list[tuple[torch.Tensor, torch.Tensor]]:
    any_cache: Any = cache  # the layout differs between transformers releases
    if hasattr(any_cache, "layers"):  # transformers >= 4.56: one object per layer
        return [(layer.keys, layer.values) for layer in any_cache.layers]
    return list(zip(any_cache.key_cache, any_cache.value_cache, strict=True))


def row_cache(cache: DynamicCache, row: int, mask_row: torch.Tensor) -> RowCache:
    """Row ``row``'s keys and values at the slots ``mask_row`` marks as real."""
    kept = mask_row.nonzero().squeeze(-1)
    return RowCache(
        tuple(
            (k[row].index_select(1, kept), v[row].index_select(1, kept))
            for k, v in _layer_tensors(cache)
        )
    )


def start_batch(
    prompts: Sequence[Sequence[int]],
    caches: Sequence[RowCache | None],
    pad_id: int,
    device: torch.device,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, DynamicCache]:
    """Input ids, attention mask, positions and the cache a batch's first forward needs.

    Row i's layout is [pad][cached c_i][pad][uncached tail u_i]: the cached part is
    left-padded to the longest cache, the tail to the longest tail, and the mask and
    positions say which slots are real, so every token keeps its own position.
    """
    reuse = [
        min(c.length, len(p) - 1) if c is not None else 0
        for c, p in zip(caches, prompts, strict=True)
    ]
    tails = [list(p[r:]) for p, r in zip(prompts, reuse, strict=True)]
    width_c, width_u = max(reuse), max(len(t) for t in tails)
    ids = torch.full((len(prompts), width_u), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width_c + width_u), dtype=torch.long)
    positions = torch.zeros((len(prompts), width_u), dtype=torch.long)
    for i, (tail, r) in enumerate(zip(tails, reuse, strict=True)):
        mask[i, width_c - r : width_c] = 1
        mask[i, width_c + width_u - len(tail) :] = 1
        ids[i, width_u - len(tail) :] = torch.tensor(tail, dtype=torch.long)
        positions[i, width_u - len(tail) :] = torch.arange(r, r + len(tail))
    cache = DynamicCache()
    if width_c > 0:
        first = next(c for c in caches if c is not None and c.length > 0)
        for layer, (k0, v0) in enumerate(first.layers):
            keys = k0.new_zeros((len(prompts), k0.shape[0], width_c, k0.shape[2]))
            values = v0.new_zeros((len(prompts), v0.shape[0], width_c, v0.shape[2]))
            for i, (c, r) in enumerate(zip(caches, reuse, strict=True)):
                if c is not None and r > 0:
                    keys[i, :, width_c - r :] = c.layers[layer][0][:, :r]
                    values[i, :, width_c - r :] = c.layers[layer][1][:, :r]
            cache.update(keys.to(device), values.to(device), layer)
    return ids.to(device), mask.to(device), positions.to(device), cache


@torch.no_grad()
def generate(
    model: PreTrainedModel,
    prompts: Sequence[Sequence[int]],
    params: SamplingParams,
    stop_ids: set[int],
    pad_id: int,
    generator: torch.Generator | None = None,
    should_abort: Callable[[], bool] = lambda: False,
    caches: list[RowCache | None] | None = None,
    stop_text: Callable[[list[int]], bool] | None = None,
) -> list[list[int]]:
    """New tokens for each prompt, each ending with its stop token when it produced one.

    With ``caches`` (one entry per prompt, None for none), each row reuses its cache and
    the entry is replaced by the row's cache after this call: every token fed to the
    model: the prompt and the new tokens (the last one only when no stop ended the row).
    ``stop_text`` ends a row whose new tokens spell a stop string split over several tokens.
    """
    if not prompts:
        return []
    device = next(model.parameters()).device
    ids, mask, positions, cache = start_batch(
        prompts, caches if caches is not None else [None] * len(prompts), pad_id, device
    )
    kwargs: dict[str, Any] = {cache_kwarg(model): cache, "use_cache": True, "logits_to_keep": 1}
    out: list[list[int]] = [[] for _ in prompts]
    alive = list(range(len(prompts)))  # original row index of each cache row
    logits = model(input_ids=ids, attention_mask=mask, position_ids=positions, **kwargs).logits
    next_pos = positions[:, -1:] + 1
    for _ in range(params.max_new_tokens):
        if should_abort():
            raise GenerationAborted
        scores = logits[:, -1, :].float()
        if params.greedy:
            tokens = scores.argmax(-1)
        else:
            probs = torch.softmax(scores / params.temperature, dim=-1)
            if generator is not None and generator.device != probs.device:
                # The run's seeded generator lives on the CPU so resumes replay it exactly.
                probs = probs.cpu()
            tokens = torch.multinomial(probs, 1, generator=generator).squeeze(-1).to(device)
        keep: list[int] = []
        for row, token in enumerate(tokens.tolist()):
            out[alive[row]].append(token)
            if token not in stop_ids and not (stop_text is not None and stop_text(out[alive[row]])):
                keep.append(row)
            elif caches is not None:
                caches[alive[row]] = row_cache(cache, row, mask[row])
        if not keep:
            break
        if len(keep) < len(alive):
            index = torch.tensor(keep, dtype=torch.long, device=device)
            cache.batch_select_indices(index)
            mask, next_pos, tokens = mask[index], next_pos[index], tokens[index]
            alive = [alive[r] for r in keep]
        mask = torch.cat(
            [mask, torch.ones((len(alive), 1), dtype=torch.long, device=device)], dim=-1
        )
        logits = model(
            input_ids=tokens[:, None], attention_mask=mask, position_ids=next_pos, **kwargs
        ).logits
        next_pos = next_pos + 1
    if caches is not None:  # rows that ran out of new tokens
        for row, original in enumerate(alive):
            caches[original] = row_cache(cache, row, mask[row])
    return out
