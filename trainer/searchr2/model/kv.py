"""Per-row key/value caches: cut out of a batch, carried between calls, packed back in.

A trajectory keeps its own cache between turns (rollout.reuse_prefix_cache), so each
token is run through the model once, and a Meta-Refiner cut keeps its prefix's keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
from transformers import DynamicCache


@dataclass(frozen=True)
class RowCache:
    """Per layer, keys and values of one sequence's first ``length`` tokens: [H, length, D]."""

    layers: tuple[tuple[torch.Tensor, torch.Tensor], ...]

    @property
    def length(self) -> int:
        return int(self.layers[0][0].shape[1]) if self.layers else 0

    def crop(self, length: int) -> RowCache:
        return RowCache(tuple((k[:, :length], v[:, :length]) for k, v in self.layers))


def layer_tensors(cache: DynamicCache) -> list[tuple[torch.Tensor, torch.Tensor]]:
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
            for k, v in layer_tensors(cache)
        )
    )


def start_batch(
    prompts: Sequence[Sequence[int]],
    caches: Sequence[RowCache | None],
    pad_id: int,
    device: torch.device,
    dtype: torch.dtype | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, DynamicCache]:
    """Input ids, attention mask, positions and the cache a batch's first forward needs.

    Row i's layout is [pad][cached c_i][pad][uncached tail u_i]: the cached part is
    left-padded to the longest cache, the tail to the longest tail, and the mask and
    positions say which slots are real, so every token keeps its own position. The
    cache is in ``dtype`` (default: the first cache's).
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
            keys = k0.new_zeros((len(prompts), k0.shape[0], width_c, k0.shape[2]), dtype=dtype)
            values = v0.new_zeros((len(prompts), v0.shape[0], width_c, v0.shape[2]), dtype=dtype)
            for i, (c, r) in enumerate(zip(caches, reuse, strict=True)):
                if c is not None and r > 0:
                    keys[i, :, width_c - r :] = c.layers[layer][0][:, :r]
                    values[i, :, width_c - r :] = c.layers[layer][1][:, :r]
            cache.update(keys.to(device), values.to(device), layer)
    return ids.to(device), mask.to(device), positions.to(device), cache
