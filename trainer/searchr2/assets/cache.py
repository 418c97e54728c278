"""Where cached demo assets live, and how a cache entry is written safely.

The key hashes only the config sections that shape the assets, so changing the run
seed or GRPO settings reuses them, and changing the world or SFT recipe builds anew.
An entry is built in a temporary sibling directory and renamed into place, so an
interrupted build never leaves a half-written entry that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import torch

from searchr2.config.schema import RunConfig
from searchr2.config.validate import to_dict
from searchr2.model.precision import resolve_precision

# Bump when the asset-building code changes in a way the config does not capture.
ASSET_VERSION = 7  # 7: Meta-Refiner demonstrations in a second SFT phase with Actor replay


def sft_precision(config: RunConfig) -> Literal["bf16", "fp32"]:
    """The warm start's arithmetic (sft.precision); SFT runs on the CPU."""
    if config.sft.precision == "fp32":
        return "fp32"
    return resolve_precision(config.precision, torch.device("cpu"))


def cache_root() -> Path:
    env = os.environ.get("SEARCHR2_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "searchr2"


def asset_key(config: RunConfig) -> str:
    relevant = {
        "version": ASSET_VERSION,
        "world": to_dict(config.world),
        "model": to_dict(config.model),
        # Thread counts change the build's speed, not its weights (sft.threads).
        "sft": {k: v for k, v in to_dict(config.sft).items() if k != "threads"},
        # With sft.precision "run" the arithmetic depends on the machine as well.
        "sft_arithmetic": sft_precision(config),
        "top_k": config.rollout.top_k,
        "prompt": config.rollout.prompt,
    }
    digest = hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()
    return digest[:16]


def asset_dir(config: RunConfig) -> Path:
    return cache_root() / f"assets-{asset_key(config)}"


def is_complete(directory: Path) -> bool:
    return (directory / "manifest.json").is_file()


def build_atomically(target: Path, build: Callable[[Path], None]) -> Path:
    """Run ``build(tmp)`` then move tmp to ``target``; another builder winning is fine."""
    if is_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)  # not complete: left by hand or by an older layout
    tmp = target.parent / f".tmp-{target.name}-{uuid.uuid4().hex[:8]}"
    try:
        build(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            # A concurrent build finished first (target exists and is not empty).
            if not is_complete(target):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
