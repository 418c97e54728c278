"""Supervised warm start on demonstrations, trained only on the model-written tokens.

Two phases [ours]: the Actor's demonstrations (trained on every token the model
writes), then a shorter phase where each batch is half Actor demonstrations and half
Meta-Refiner decisions (the control prompt, trained on the one step-number token),
each half with a token mean of its own. Measured on the demo: refiner demos mixed
into the Actor's phase cost the Actor most of its held-out EM (0.43 -> 0.10), and a
refiner-only second phase erased it (0.00); replaying Actor demos keeps it.
"""

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
from searchr2.refiner.prompt import refiner_prompt
from searchr2.retrieval.types import Retriever
from searchr2.rl.batch import length_buckets, pack, token_logprobs
from searchr2.text.prompt import build_prompt
from searchr2.world.demos import Segment, build_demo
from searchr2.world.names import fresh_person_name
from searchr2.world.questions import Question
from searchr2.world.refiner_demos import RefinerDemo


@dataclass(frozen=True)
class EncodedDemo:
    ids: list[int]
    mask: list[int]  # 1 on tokens the model is taught to write


@dataclass(frozen=True)
class RefinerDemoText:
    """A Meta-Refiner demonstration: its control prompt and the step it should name."""

    person: str
    prompt: str
    flawed_step: int


def refiner_demo_texts(demos: list[RefinerDemo], prompt: str) -> list[RefinerDemoText]:
    return [
        RefinerDemoText(
            d.question.person, refiner_prompt(d.question.question, d.turns, prompt), d.flawed_step
        )
        for d in demos
    ]


def encode_refiner_demo(
    demo: RefinerDemoText,
    tokenizer: PreTrainedTokenizerBase,
    digits: list[int],
    rename: str | None,
) -> EncodedDemo:
    text = demo.prompt if rename is None else demo.prompt.replace(demo.person, rename)
    ids: list[int] = tokenizer.encode(text, add_special_tokens=False)
    return EncodedDemo([*ids, digits[demo.flawed_step]], [0] * len(ids) + [1])


@dataclass(frozen=True)
class DemoText:
    """A demonstration as text, with the name of the person it asks about."""

    person: str
    prompt: str
    segments: list[Segment]


def demo_texts(
    questions: list[Question], retriever: Retriever, top_k: int, noisy: bool, prompt: str
) -> list[DemoText]:
    return [
        DemoText(q.person, build_prompt(q.question, prompt), build_demo(q, retriever, top_k, noisy))
        for q in questions
    ]


def encode_demo(
    demo: DemoText, tokenizer: PreTrainedTokenizerBase, rename: str | None
) -> EncodedDemo:
    """Token ids and loss mask; ``rename`` swaps the person's name everywhere.

    Renaming each time a demo is drawn (fresh random names) is the fix for the trap in
    DEMO-FEASIBILITY: with fixed names the model memorises people's facts and, asked
    about someone new, searches for a person it knows. A fresh name cannot be recalled,
    so the only way to the answer is to copy the name and read the passage.
    """

    def named(text: str) -> str:
        return text if rename is None else text.replace(demo.person, rename)

    ids: list[int] = tokenizer.encode(named(demo.prompt), add_special_tokens=False)
    mask = [0] * len(ids)
    # Segments are encoded one by one, as a rollout produces them.
    for seg in demo.segments:
        seg_ids: list[int] = tokenizer.encode(named(seg.text), add_special_tokens=False)
        ids += seg_ids
        mask += [int(seg.generated)] * len(seg_ids)
    return EncodedDemo(ids, mask)


def _lr_factor(step: int, cfg: SFTConfig) -> float:
    if step < cfg.warmup_steps:
        return (step + 1) / cfg.warmup_steps
    progress = (step - cfg.warmup_steps) / max(1, cfg.steps - cfg.warmup_steps)
    return 0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * progress))


@dataclass(frozen=True)
class RefinerDemos:
    """Refiner demonstrations split by label, so "nothing wrong" gets its own share."""

    sound: list[RefinerDemoText]
    flawed: list[RefinerDemoText]
    digits: list[int]

    @classmethod
    def of(cls, demos: list[RefinerDemoText], digits: list[int]) -> RefinerDemos:
        return cls(
            [d for d in demos if d.flawed_step == 0],
            [d for d in demos if d.flawed_step > 0],
            digits,
        )


def _draw_actor(
    rng: random.Random,
    clean: list[DemoText],
    noisy: list[DemoText],
    tokenizer: PreTrainedTokenizerBase,
    cfg: SFTConfig,
) -> EncodedDemo:
    demo = rng.choice(noisy) if rng.random() < cfg.noisy_fraction else rng.choice(clean)
    rename = fresh_person_name(rng) if rng.random() < cfg.fresh_name_fraction else None
    return encode_demo(demo, tokenizer, rename)


def _draw_refiner(
    rng: random.Random, refiner: RefinerDemos, tokenizer: PreTrainedTokenizerBase, cfg: SFTConfig
) -> EncodedDemo:
    pool = refiner.sound if rng.random() < cfg.refiner_sound_share else refiner.flawed
    rename = fresh_person_name(rng) if rng.random() < cfg.fresh_name_fraction else None
    return encode_refiner_demo(
        rng.choice(pool or refiner.flawed), tokenizer, refiner.digits, rename
    )


def _train_step(
    model: PreTrainedModel,
    picks: list[EncodedDemo],
    pad_id: int,
    precision: str,
) -> float:
    """A token-mean cross-entropy over ``picks``: its loss, gradients accumulated."""
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
    return total


def run_sft(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    clean: list[DemoText],
    noisy: list[DemoText],
    cfg: SFTConfig,
    pad_id: int,
    precision: str,
    on_progress: Callable[[int, float], None],
    should_abort: Callable[[], bool] = lambda: False,
    refiner: RefinerDemos | None = None,
) -> float:
    """Train ``cfg.steps`` Actor steps, then ``cfg.refiner_steps`` refiner steps when
    ``refiner`` is given; returns the Actor's last loss. Reports every few steps."""
    rng = random.Random(cfg.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: _lr_factor(s, cfg))
    model.train()
    loss_value = float("nan")
    for step in range(cfg.steps):
        if should_abort():
            raise Aborted
        picks = [_draw_actor(rng, clean, noisy, tokenizer, cfg) for _ in range(cfg.batch_size)]
        optimizer.zero_grad(set_to_none=True)
        loss_value = _train_step(model, picks, pad_id, precision)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if step % 25 == 0 or step == cfg.steps - 1:
            on_progress(step + 1, loss_value)
    if refiner is not None and refiner.flawed and cfg.refiner_steps > 0:
        optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.refiner_lr, weight_decay=0.01)
        half = max(1, cfg.batch_size // 2)
        n_refiner = cfg.refiner_batch_size or half
        for step in range(cfg.refiner_steps):
            if should_abort():
                raise Aborted
            optimizer.zero_grad(set_to_none=True)
            actor = [_draw_actor(rng, clean, noisy, tokenizer, cfg) for _ in range(half)]
            _train_step(model, actor, pad_id, precision)
            decisions = [_draw_refiner(rng, refiner, tokenizer, cfg) for _ in range(n_refiner)]
            refiner_loss = _train_step(model, decisions, pad_id, precision)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            if step % 25 == 0 or step == cfg.refiner_steps - 1:
                on_progress(cfg.steps + step + 1, refiner_loss)
    model.eval()
    return loss_value
