"""Which arithmetic the model runs in.

DEMO-FEASIBILITY measured a CPU torch whose fp32 matmuls crawled while bf16 autocast
(oneDNN) was 25x faster. On this project's torch 2.13 CPU wheel (MKL) we measured a
4-layer, 128-wide model, 40 x 400 tokens: fp32 forward+backward 1.5 s, bf16 autocast
0.64 s, on an earlier box (bf16 that fast needs native AVX512-BF16 / AMX). On a CPU
without it (AVX2 only) bf16 is emulated: a 2048x128 by 128x512 matmul's forward and
backward ran 21x slower than in fp32 (stop 11), and the demo's SFT step took 2.8 s
against 0.37 s in fp32. So "auto" picks bf16 autocast on a CPU whose oneDNN has native
bf16, fp32 on other CPUs, and bf16 on CUDA when the GPU supports it.
Token-by-token decoding is the exception: its one-token passes are overhead-bound and
autocast's weight casts cost more than bf16 saves (rollout.decode_precision: on CPU
the demo's held-out eval ran 3.4 s in fp32 against 4.0-4.7 s under autocast).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Literal

import torch

Precision = Literal["auto", "bf16", "fp32"]


def resolve_precision(precision: Precision, device: torch.device) -> Literal["bf16", "fp32"]:
    if precision != "auto":
        return precision
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if cpu_has_native_bf16() else "fp32"


def cpu_has_native_bf16() -> bool:
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a torch build without oneDNN: assume none
        return False


@contextlib.contextmanager
def autocast(precision: Literal["bf16", "fp32"], device: torch.device) -> Iterator[None]:
    # Weights stay fp32 (the optimizer needs them); only the matmuls run in bf16.
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
        yield
