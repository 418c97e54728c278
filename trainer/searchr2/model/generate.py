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
from typing import Any, Literal

import torch
from transformers import DynamicCache, PreTrainedModel

from searchr2.errors import Aborted
from searchr2.model import lean_decode
from searchr2.model.kv import RowCache, row_cache, start_batch
from searchr2.model.lean_decode import LeanDecoder
from searchr2.model.sampling import sample_rows


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


class _HFDecoder:
    """The Hugging Face forward, one token a call, over a growing DynamicCache."""

    def __init__(
        self,
        model: PreTrainedModel,
        cache: DynamicCache,
        mask: torch.Tensor,
        kwargs: dict[str, Any],
    ) -> None:
        self._model, self._cache, self._mask, self._kwargs = model, cache, mask, kwargs

    def keep(self, index: torch.Tensor) -> None:
        self._cache.batch_select_indices(index)
        self._mask = self._mask[index]

    def row_cache(self, row: int) -> RowCache:
        return row_cache(self._cache, row, self._mask[row])

    def step(self, tokens: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        grown = torch.ones((len(tokens), 1), dtype=torch.long, device=tokens.device)
        self._mask = torch.cat([self._mask, grown], dim=-1)
        logits: torch.Tensor = self._model(
            input_ids=tokens[:, None],
            attention_mask=self._mask,
            position_ids=positions,
            **self._kwargs,
        ).logits
        return logits[:, -1, :]


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
    decoder: Literal["auto", "hf"] = "auto",
) -> list[list[int]]:
    """New tokens for each prompt, each ending with its stop token when it produced one.

    With ``caches`` (one entry per prompt, None for none), each row reuses its cache and
    the entry is replaced by the row's cache after this call: every token fed to the
    model: the prompt and the new tokens (the last one only when no stop ended the row).
    ``stop_text`` ends a row whose new tokens spell a stop string split over several tokens.
    ``decoder``: "auto" decodes through lean_decode when it supports the model, "hf"
    always through the model's own forward (rollout.decoder).
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
    scores = logits[:, -1, :]
    step: _HFDecoder | LeanDecoder
    if decoder == "auto" and lean_decode.supports(model):
        step = LeanDecoder(model, cache, mask, params.max_new_tokens)
    else:
        step = _HFDecoder(model, cache, mask, kwargs)
    next_pos = positions[:, -1:] + 1
    for _ in range(params.max_new_tokens):
        if should_abort():
            raise GenerationAborted
        scores = scores.float()
        if params.greedy:
            tokens = scores.argmax(-1)
        else:
            probs = torch.softmax(scores / params.temperature, dim=-1)
            if generator is not None and generator.device != probs.device:
                # The run's seeded generator lives on the CPU so resumes replay it exactly.
                probs = probs.cpu()
            tokens = sample_rows(probs, generator).to(device)
        keep: list[int] = []
        for row, token in enumerate(tokens.tolist()):
            out[alive[row]].append(token)
            if token not in stop_ids and not (stop_text is not None and stop_text(out[alive[row]])):
                keep.append(row)
            elif caches is not None:
                caches[alive[row]] = step.row_cache(row)
        if not keep:
            break
        if len(keep) < len(alive):
            index = torch.tensor(keep, dtype=torch.long, device=device)
            step.keep(index)
            next_pos, tokens = next_pos[index], tokens[index]
            alive = [alive[r] for r in keep]
        scores = step.step(tokens, next_pos)
        next_pos = next_pos + 1
    if caches is not None:  # rows that ran out of new tokens
        for row, original in enumerate(alive):
            caches[original] = step.row_cache(row)
    return out
