"""GRPO's group-normalised advantage: (r - mean(group)) / (std(group) + eps).

std is the unbiased sample std, as verl's GRPO estimator (which Search-R1 runs)
computes it; a group of one gets advantage 0 (no baseline to compare with).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def group_advantages(rewards: Sequence[float], group_ids: Sequence[str], eps: float) -> list[float]:
    if len(rewards) != len(group_ids):
        raise ValueError("one group id per reward")
    members: dict[str, list[int]] = {}
    for i, g in enumerate(group_ids):
        members.setdefault(g, []).append(i)
    values = torch.tensor(list(rewards), dtype=torch.float64)
    out = [0.0] * len(rewards)
    for idx in members.values():
        if len(idx) < 2:
            continue
        group = values[idx]
        normalised = (group - group.mean()) / (group.std(unbiased=True) + eps)
        for i, a in zip(idx, normalised.tolist(), strict=True):
            out[i] = float(a)
    return out
