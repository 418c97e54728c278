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
    # People no SFT demonstration mentions; when set, GRPO trains on their questions
    # (train.jsonl), so what it learns must be reading, not memories of the SFT's
    # people. 0: GRPO trains on the SFT's people [ours].
    rl_people: int = bounded(0, lo=0)
    # The longest question chain: 2 asks about a person and their employer; 3 adds
    # "where was the founder of the company that X works for born?" (three searches,
    # then the answer) [ours].
    hops: int = bounded(2, lo=2, hi=3)


@dataclass(frozen=True)
class ModelConfig:
    """Tiny Llama built from a config, and its byte-level BPE tokenizer [ours]."""

    vocab_size: int = bounded(2048, lo=300)
    hidden_size: int = bounded(128, lo=8)
    layers: int = bounded(4, lo=1)
    heads: int = bounded(4, lo=1)
    intermediate_size: int = bounded(384, lo=8)
    max_positions: int = bounded(1024, lo=64)
    # A local Hugging Face causal-LM directory (e.g. Qwen2.5-7B-Instruct). Empty: the
    # tiny model above, warm-started by SFT on the synthetic demo world [ours].
    path: str = ""


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
    # A second phase teaches the Meta-Refiner's control prompt on trajectories with a
    # known first mistake (world/refiner_demos); refiner_sound_share of its demos have
    # nothing wrong (answer 0) [ours].
    refiner_steps: int = bounded(400, lo=0)
    refiner_lr: float = bounded(1e-3, lo=0.0, hi=1.0)
    refiner_sound_share: float = bounded(0.45, lo=0.0, hi=1.0)
    # Refiner demonstrations per step of that phase, beside batch_size // 2 Actor replays;
    # 0: batch_size // 2. Each teaches one token, so the check a demo asks for (is the
    # searched name the asked one?) needs many: at 4 a step the refiner stayed at its
    # label prior, at 32 it learnt to catch a wrong person [ours].
    refiner_batch_size: int = bounded(0, lo=0)
    # Threads for the warm start's SFT, a one-off build that runs alone; 0: torch_threads.
    # On an idle 2-core box 2 threads ran a refiner-phase step 1.6x faster than 1, with
    # the same weights bit for bit [ours].
    threads: int = bounded(0, lo=0)
    # The warm start's arithmetic, apart from the run's `precision`: on one native-bf16
    # CPU the same SFT reached held-out EM 0.787 in fp32 and 0.350 under bf16 autocast, so
    # "fp32" keeps every machine off the weak bf16 warm start; "run" follows `precision`.
    precision: Literal["fp32", "run"] = "fp32"


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
    # Keep each trajectory's KV cache between turns, so every token is run through the
    # model once and a Meta-Refiner cut keeps its prefix's computation [ours]. Costs
    # memory per trajectory in flight; see micro_batch.
    reuse_prefix_cache: bool = True
    # Trajectories rolled out together (whole GRPO groups); 0: the whole step at once.
    micro_batch: int = bounded(0, lo=0)
    # Arithmetic of token-by-token decoding [ours]. A one-token forward pass on CPU is
    # bound by per-call overhead, and bf16 autocast adds a cast of every weight to every
    # call: the demo model decodes about 2x faster in plain fp32 there. "auto": fp32 on
    # CPU, the run's precision on CUDA; "run": always the run's precision. Passes over
    # whole sequences (the update, the Meta-Refiner's prompt) keep the run's precision.
    decode_precision: Literal["auto", "fp32", "run"] = "auto"
    # One-token decoding steps [ours]: "auto" runs our lean step (model/lean_decode.py)
    # for Llama, Qwen2 and Mistral models without sliding windows, which skips the
    # per-call mask, cache-object and concatenation work of Hugging Face's forward and
    # gives the same logits; "hf": always Hugging Face's forward.
    decoder: Literal["auto", "hf"] = "auto"


@dataclass(frozen=True)
class DataConfig:
    """Questions and corpus in Search-R1 / FlashRAG JSONL. Empty paths: the demo world."""

    train_file: str = ""  # {"id", "question", "golden_answers", "supporting_ids"?}
    heldout_file: str = ""
    corpus_file: str = ""  # {"id", "contents"} with contents = '"title"\ntext'


@dataclass(frozen=True)
class RetrievalConfig:
    # bm25: in-process bm25s over the corpus; server: Search-R1's retrieval server API
    # (POST {url} {"queries", "topk", "return_scores"}).
    backend: Literal["bm25", "server"] = "bm25"
    url: str = "http://127.0.0.1:8000/retrieve"
    timeout_s: float = bounded(30.0, lo=0.1)


@dataclass(frozen=True)
class RefinerConfig:
    """The Meta-Refiner: same weights as the Actor, its own control prompt (paper s.2)."""

    max_revisions: int = bounded(1, lo=0)  # N_max (paper default 1)
    margin: float = 0.0  # tau: revise only when log p(revise) - log p(keep) >= tau
    # threshold: revise exactly when the margin reaches tau (the paper). sample: revise
    # with probability sigmoid(margin - tau), so joint GRPO compares revising with keeping
    # on like trajectories; a threshold refiner only ever does one of them to a given kind
    # of trajectory, and on the demo drifted to revising 0.93-0.97 of rollouts on two of
    # three seeds (stop 10). The demo samples [ours].
    decision: Literal["threshold", "sample"] = "threshold"
    cut: Literal["argmax", "sample"] = "argmax"  # how the cut step j is chosen [ours]
    # log p(revise): logsumexp over the steps 1..n (the spec's choice), or the most likely
    # step's log p, i.e. revise when the refiner's greedy answer is a step number [ours].
    # A barely trained refiner spreads its mass over the steps, and logsumexp then beats
    # "no revision" on every trajectory (demo: revise rate 1.00); the demo uses max.
    revise_score: Literal["logsumexp", "max"] = "logsumexp"
    # Joint GRPO's gradient for a decision token: "full" back-propagates through the
    # whole control prompt; "last_token" reads the prompt without gradient and trains
    # the answer position alone (its context's keys and values reused from the rollout's
    # refiner pass), the same log-probabilities at a fraction of the cost; the demo uses
    # it (30 steps, 3 seeds: Search-R2 / Search-R1 step time 1.80x -> 1.29x) [ours].
    decision_gradient: Literal["full", "last_token"] = "full"
    # What the Actor learns from an attempt the refiner cut [ours]. "none" (the spec's
    # choice) trains the final trajectory only and keeps the dropped suffix for
    # inspection, so a flaw the refiner caught never costs the Actor anything. "suffix"
    # also trains the dropped suffix with the attempt's own advantage (its R normalised
    # together with its group's final trajectories), as Search-R1 would have trained it;
    # "flawed_step" trains only the step the refiner named, the credit where it put the
    # blame, and runs only the attempt up to that step through the update.
    train_dropped: Literal["none", "flawed_step", "suffix"] = "none"
    # The gradient for those dropped tokens: "full" runs the attempt from its first
    # token with gradient (and the reference over it for the KL term); "dropped" reads
    # the kept prefix's keys and values from the rollout's cache, without gradient, so
    # only the dropped tokens' own positions run, and skips their KL term, as the
    # last-token decision gradient does [ours]. Same log-probabilities, a faster update
    # (demo: step time 1.385x -> 1.280x Search-R1's), but a lower EM on 3 demo seeds, so
    # the demo keeps "full". Needs one minibatch and rollout.reuse_prefix_cache;
    # otherwise it trains as "full".
    attempt_gradient: Literal["full", "dropped"] = "full"

    @property
    def trains_attempts(self) -> bool:
        return self.train_dropped != "none"


@dataclass(frozen=True)
class RewardConfig:
    """Hybrid reward R = r_outcome * (1 + r_process); judges mark each collection useful."""

    # auto: the support-passage judge when questions carry supporting_ids, else
    # answer containment [ours]; llm: the paper's judge prompt against a model.
    judge: Literal["auto", "support", "containment", "llm"] = "auto"
    # For judge=llm: an OpenAI-compatible base URL (e.g. a vLLM server's
    # http://127.0.0.1:8001/v1), or empty to load llm_model as a local HF directory.
    llm_endpoint: str = ""
    llm_model: str = ""
    llm_timeout_s: float = bounded(60.0, lo=0.1)
    llm_max_new_tokens: int = bounded(512, lo=1)


@dataclass(frozen=True)
class GRPOConfig:
    questions_per_step: int = bounded(8, lo=1)
    lr: float = bounded(2e-4, lo=0.0, hi=1.0)
    clip_eps: float = bounded(0.2, lo=0.0, hi=1.0)
    kl_coef: float = bounded(0.001, lo=0.0)  # low-variance KL to the frozen SFT model
    adv_eps: float = bounded(1e-6, lo=0.0)
    minibatches: int = bounded(1, lo=1)
    max_grad_norm: float = bounded(1.0, lo=0.0)
    # Linear warm-up over this share of train.max_steps, then constant (paper: 0.285).
    warmup_ratio: float = bounded(0.0, lo=0.0, hi=1.0)


@dataclass(frozen=True)
class LabelsConfig:
    """Human labels from the editor as extra supervision (spec section 5) [ours]."""

    cut_weight: float = bounded(1.0, lo=0.0)  # the refiner's supervised cut term
    # Earlier labels' cuts taught again with each update, newest first: one pass over a
    # label moves a small model's refiner little, so the cuts people made stay a target.
    cut_replay: int = bounded(0, lo=0)
    # lambda_h: the step scorer's advantage term, lambda_h * (r_prm - the group's mean r_prm)
    prm_weight: float = bounded(0.0, lo=0.0)
    review_gate_timeout_s: float = bounded(0.0, lo=0.0)  # 0: no review gate


@dataclass(frozen=True)
class TrainConfig:
    max_steps: int = bounded(50, lo=0)
    checkpoint_every: int = bounded(25, lo=0)  # 0: only the final checkpoint
    eval_every: int = bounded(0, lo=0)  # 0: no periodic held-out evaluation
    eval_at_end: bool = True  # greedy held-out EM after the last step (phase "eval")
    eval_questions: int = bounded(80, lo=1)


Method = Literal["search_r1", "refiner", "process", "search_r2"]


@dataclass(frozen=True)
class RunConfig:
    preset: str = "demo"
    # The paper's Table 3 ladder, each rung adding one part [ours: the rung order]:
    # search_r1 (no refiner, outcome reward), refiner (+ Meta-Refiner cut-and-regenerate,
    # its decision tokens not trained), process (+ hybrid reward), search_r2 (+ joint
    # GRPO: the refiner's decision tokens get the trajectory's advantage).
    method: Method = "search_r2"
    seed: int = 0  # rollout sampling and question order; not the cached assets
    torch_threads: int = bounded(2, lo=1)  # forward/backward passes over whole batches
    # Token-by-token decoding runs tiny ops where a second thread only adds barrier
    # waits; on a busy 2-core box 2 threads made steps 10x slower than 1 [ours].
    rollout_threads: int = bounded(1, lo=1)
    precision: Literal["auto", "bf16", "fp32"] = "auto"
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: cuda when available
    world: WorldConfig = field(default_factory=WorldConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    sft: SFTConfig = field(default_factory=SFTConfig)
    data: DataConfig = field(default_factory=DataConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    rollout: RolloutConfig = field(default_factory=RolloutConfig)
    refiner: RefinerConfig = field(default_factory=RefinerConfig)
    reward: RewardConfig = field(default_factory=RewardConfig)
    grpo: GRPOConfig = field(default_factory=GRPOConfig)
    labels: LabelsConfig = field(default_factory=LabelsConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    @property
    def uses_refiner(self) -> bool:
        return self.method != "search_r1" and self.refiner.max_revisions > 0

    @property
    def uses_process_reward(self) -> bool:
        return self.method in ("process", "search_r2")

    @property
    def trains_refiner(self) -> bool:
        return self.method == "search_r2"
