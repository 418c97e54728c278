"""Every knob of a run. Defaults are the demo preset; presets/*.json override them.

Choices that are ours, not Search-R1's or the paper's, are marked [ours]: a researcher
changes them here or with ``--set section.key=value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from searchr2.config.validate import bounded


@dataclass(frozen=True)
class WorldConfig:
    """The synthetic demo world [ours]. Its own seed: the cached assets do not change
    when the run seed does."""

    seed: int = 0
    n_people: int = bounded(200, lo=2)
    n_companies: int = bounded(30, lo=2)
    n_cities: int = bounded(25, lo=2)
    heldout_fraction: float = bounded(0.2, lo=0.0, hi=0.9)


@dataclass(frozen=True)
class ModelConfig:
    """Tiny Llama built from a config, and its byte-level BPE tokenizer [ours]."""

    vocab_size: int = bounded(2048, lo=300)
    hidden_size: int = bounded(128, lo=8)
    layers: int = bounded(4, lo=1)
    heads: int = bounded(4, lo=1)
    intermediate_size: int = bounded(384, lo=8)
    max_positions: int = bounded(1024, lo=64)


@dataclass(frozen=True)
class SFTConfig:
    """Warm start on demonstrations; noisy_fraction start with a vague search [ours]."""

    seed: int = 0
    steps: int = bounded(600, lo=0)
    batch_size: int = bounded(32, lo=1)
    lr: float = bounded(2e-3, lo=0.0, hi=1.0)
    warmup_steps: int = bounded(30, lo=0)
    noisy_fraction: float = bounded(0.25, lo=0.0, hi=1.0)
    # Share of demos whose person gets a fresh random name (see sft.encode_demo) [ours].
    fresh_name_fraction: float = bounded(0.5, lo=0.0, hi=1.0)


@dataclass(frozen=True)
class RolloutConfig:
    group_size: int = bounded(5, lo=1)  # G in GRPO (Search-R1 and the paper: 5)
    max_turns: int = bounded(4, lo=1)  # paper B = 4
    top_k: int = bounded(3, lo=1)  # passages per search (Search-R1: 3)
    max_new_tokens: int = bounded(48, lo=1)  # per turn
    max_length: int = bounded(1024, lo=32)  # prompt + response tokens
    temperature: float = bounded(1.0, lo=0.01)
    # Instruction template (prompts/<name>.txt): Search-R1's own, or our short
    # paraphrase that the demo presets use to keep CPU sequences short [ours].
    prompt: Literal["search_r1", "compact"] = "search_r1"


@dataclass(frozen=True)
class GRPOConfig:
    questions_per_step: int = bounded(8, lo=1)
    lr: float = bounded(2e-4, lo=0.0, hi=1.0)
    clip_eps: float = bounded(0.2, lo=0.0, hi=1.0)
    kl_coef: float = bounded(0.001, lo=0.0)  # low-variance KL to the frozen SFT model
    adv_eps: float = bounded(1e-6, lo=0.0)
    minibatches: int = bounded(1, lo=1)
    max_grad_norm: float = bounded(1.0, lo=0.0)


@dataclass(frozen=True)
class TrainConfig:
    max_steps: int = bounded(50, lo=0)
    checkpoint_every: int = bounded(25, lo=0)  # 0: only the final checkpoint
    eval_every: int = bounded(0, lo=0)  # 0: no periodic held-out evaluation
    eval_at_end: bool = True  # greedy held-out EM after the last step (phase "eval")
    eval_questions: int = bounded(80, lo=1)


@dataclass(frozen=True)
class RunConfig:
    preset: str = "demo"
    seed: int = 0  # rollout sampling and question order; not the cached assets
    torch_threads: int = bounded(2, lo=1)  # forward/backward passes over whole batches
    # Token-by-token decoding runs tiny ops where a second thread only adds barrier
    # waits; on a busy 2-core box 2 threads made steps 10x slower than 1 [ours].
    rollout_threads: int = bounded(1, lo=1)
    precision: Literal["auto", "bf16", "fp32"] = "auto"
    world: WorldConfig = field(default_factory=WorldConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    sft: SFTConfig = field(default_factory=SFTConfig)
    rollout: RolloutConfig = field(default_factory=RolloutConfig)
    grpo: GRPOConfig = field(default_factory=GRPOConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
