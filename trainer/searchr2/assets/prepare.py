"""Build the demo assets: world files, tokenizer, tiny model, SFT warm start.

Deterministic for a given config (seeded world, seeded init, seeded demo sampling),
and cached under a key of that config (see cache.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch

from searchr2.assets.cache import asset_dir, build_atomically, is_complete, sft_precision
from searchr2.assets.tokenizer_text import tokenizer_texts
from searchr2.config.schema import RunConfig
from searchr2.evaluate import evaluate_em
from searchr2.model.io import save_policy
from searchr2.model.threads import torch_threads
from searchr2.model.tiny import TinyModelSpec, build_tiny_model
from searchr2.model.tokenizer import train_tokenizer
from searchr2.refiner.accuracy import refiner_accuracy
from searchr2.refiner.decide import digit_token_ids
from searchr2.refiner.prompt import MAX_STEPS
from searchr2.reporting import Reporter
from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.rollout.env import make_environment
from searchr2.rollout.loop import RolloutSettings
from searchr2.sft import RefinerDemos, demo_texts, refiner_demo_texts, run_sft
from searchr2.world.build import build_configured_world, write_world_files
from searchr2.world.names import NAME_WORDS
from searchr2.world.refiner_demos import build_refiner_demos


def rollout_settings(config: RunConfig) -> RolloutSettings:
    r = config.rollout
    return RolloutSettings(
        r.max_turns,
        r.max_new_tokens,
        r.max_length,
        r.top_k,
        r.temperature,
        prompt=r.prompt,
        reuse_prefix_cache=r.reuse_prefix_cache,
        decode_precision=r.decode_precision,
        decoder=r.decoder,
    )


def _build(
    config: RunConfig, out: Path, reporter: Reporter, should_abort: Callable[[], bool]
) -> None:
    started = time.perf_counter()
    out.mkdir(parents=True)
    demo = build_configured_world(config.world)
    write_world_files(demo, out)
    # Tokenizer and SFT see the world without the rl people, searched over its own
    # corpus, so world.rl_people leaves the warm start exactly as it was (SFT recipes
    # here are near a phase change: small changes to its demos move held-out EM a lot).
    sft_world = demo.sft_world()
    retriever = BM25Retriever(sft_world.passages)
    top_k = config.rollout.top_k
    prompt = config.rollout.prompt
    # Person-name pool words and this world's city and company words are one token
    # each, so answers too are copied from a passage as single tokens [ours].
    world_words = [c.name for c in demo.world.cities] + [c.short for c in demo.world.companies]
    tokenizer = train_tokenizer(
        tokenizer_texts(sft_world, retriever, top_k, prompt),
        config.model.vocab_size,
        [*NAME_WORDS, *world_words],
    )
    m = config.model
    spec = TinyModelSpec(m.hidden_size, m.layers, m.heads, m.intermediate_size, m.max_positions)
    model = build_tiny_model(spec, tokenizer, config.sft.seed)
    n_params = sum(p.numel() for p in model.parameters())
    reporter.log("info", f"SFT warm start: {n_params:,} parameters, vocabulary {len(tokenizer)}")
    train = demo.split("train")
    clean = demo_texts(train, retriever, top_k, noisy=False, prompt=prompt)
    noisy = demo_texts(train, retriever, top_k, noisy=True, prompt=prompt)
    digits = digit_token_ids(tokenizer, MAX_STEPS)
    refiner = RefinerDemos.of(
        refiner_demo_texts(build_refiner_demos(train, retriever, top_k, config.sft.seed), prompt),
        digits,
    )
    precision = sft_precision(config)
    sft_started = time.perf_counter()

    def progress(step: int, loss: float) -> None:
        reporter.metrics(step, "sft", {"loss": loss, "seconds": time.perf_counter() - sft_started})

    pad_id = int(tokenizer.pad_token_id)
    with torch_threads(config.sft.threads or config.torch_threads):
        loss = run_sft(
            model,
            tokenizer,
            clean,
            noisy,
            config.sft,
            pad_id,
            precision,
            progress,
            should_abort,
            refiner,
        )
    sft_seconds = time.perf_counter() - sft_started
    env = make_environment(model, tokenizer, retriever)
    settings = replace(rollout_settings(config), greedy=True)
    with torch.no_grad():
        heldout = evaluate_em(
            env,
            demo.split("heldout")[: config.train.eval_questions],
            settings,
            should_abort=should_abort,
        )
        heldout_refiner = build_refiner_demos(
            demo.split("heldout"), retriever, top_k, config.sft.seed + 1
        )
        r = config.refiner
        cut_accuracy = refiner_accuracy(
            model, tokenizer, heldout_refiner, prompt, r.margin, r.revise_score
        )
    save_policy(model, tokenizer, out / "model")
    manifest = {
        "asset_version": 1,
        "parameters": n_params,
        "vocab_size": len(tokenizer),
        "sft_loss": loss,
        "sft_seconds": sft_seconds,
        "build_seconds": time.perf_counter() - started,
        "sft_heldout_em": heldout["heldout_em"],
        # Share of held-out refiner demos whose flawed step (or 0) the refiner names.
        "sft_refiner_accuracy": cut_accuracy,
        "passages": len(demo.passages),
        "sft_questions": len(train),
        "train_questions": len(demo.grpo_questions()),
        "heldout_questions": len(demo.split("heldout")),
    }
    # Written last: its presence marks the entry complete.
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def prepare_demo_assets(
    config: RunConfig, reporter: Reporter, should_abort: Callable[[], bool] = lambda: False
) -> Path:
    target = asset_dir(config)
    if is_complete(target):
        return target
    reporter.log("info", f"building demo assets in {target} (once; later runs reuse them)")
    return build_atomically(target, lambda tmp: _build(config, tmp, reporter, should_abort))
