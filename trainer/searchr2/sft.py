"""Supervised warm start on demonstrations, trained only on the model-written tokens."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.config.schema import SFTConfig
from searchr2.errors import Aborted
from searchr2.model.precision import autocast
from searchr2.retrieval.types import Retriever
from searchr2.rl.batch import length_buckets, pack, token_logprobs
from searchr2.text.prompt import build_prompt
from searchr2.world.demos import build_demo
from searchr2.world.questions import Question


@dataclass(frozen=True)
class EncodedDemo:
    ids: list[int]
    mask: list[int]  # 1 on tokens the model is taught to write


def encode_demos(
    questions: list[Question],
    retriever: Retriever,
    tokenizer: PreTrainedTokenizerBase,
    top_k: int,
    noisy: bool,
) -> list[EncodedDemo]:
    out: list[EncodedDemo] = []
    for q in questions:
        ids: list[int] = tokenizer.encode(build_prompt(q.question), add_special_tokens=False)
        mask = [0] * len(ids)
        # Segments are encoded one by one, as a rollout produces them.
        for seg in build_demo(q, retriever, top_k, noisy):
            seg_ids: list[int] = tokenizer.encode(seg.text, add_special_tokens=False)
            ids += seg_ids
            mask += [int(seg.generated)] * len(seg_ids)
        out.append(EncodedDemo(ids, mask))
    return out


def _lr_factor(step: int, cfg: SFTConfig) -> float:
    if step < cfg.warmup_steps:
        return (step + 1) / cfg.warmup_steps
    progress = (step - cfg.warmup_steps) / max(1, cfg.steps - cfg.warmup_steps)
    return 0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * progress))


def run_sft(
    model: PreTrainedModel,
    clean: list[EncodedDemo],
    noisy: list[EncodedDemo],
    cfg: SFTConfig,
    pad_id: int,
    precision: str,
    on_progress: Callable[[int, float], None],
    should_abort: Callable[[], bool] = lambda: False,
) -> float:
    """Train ``cfg.steps`` steps; returns the last loss. Reports every few steps."""
    rng = random.Random(cfg.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: _lr_factor(s, cfg))
    model.train()
    loss_value = float("nan")
    for step in range(cfg.steps):
        if should_abort():
            raise Aborted
        picks = [
            rng.choice(noisy) if rng.random() < cfg.noisy_fraction else rng.choice(clean)
            for _ in range(cfg.batch_size)
        ]
        optimizer.zero_grad(set_to_none=True)
        n_trained = sum(sum(d.mask[1:]) for d in picks)
        total = 0.0
        for bucket in length_buckets([len(d.ids) for d in picks], 2):
            batch = pack([picks[i].ids for i in bucket], [picks[i].mask for i in bucket], pad_id)
            with autocast("bf16" if precision == "bf16" else "fp32", batch.input_ids.device):
                logp = token_logprobs(model, batch)
            # Token mean over the whole batch, accumulated bucket by bucket.
            loss = -(logp * batch.target_mask).sum() / max(1, n_trained)
            loss.backward()
            total += float(loss.item())
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        loss_value = total
        if step % 25 == 0 or step == cfg.steps - 1:
            on_progress(step + 1, loss_value)
    model.eval()
    return loss_value
