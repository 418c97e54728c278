"""GRPO's group-normalised advantage: (r - mean(group)) / (std(group) + eps), and the
step scorer's term added to it (labels.prm_weight).

std is the unbiased sample std, as verl's GRPO estimator (which Search-R1 runs)
computes it; a group of one gets advantage 0 (no baseline to compare with).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def _groups(group_ids: Sequence[str]) -> list[list[int]]:
    """The indices of each group's members, in order."""
    members: dict[str, list[int]] = {}
    for i, g in enumerate(group_ids):
        members.setdefault(g, []).append(i)
    return list(members.values())


def group_advantages(rewards: Sequence[float], group_ids: Sequence[str], eps: float) -> list[float]:
    if len(rewards) != len(group_ids):
        raise ValueError("one group id per reward")
    values = torch.tensor(list(rewards), dtype=torch.float64)
    out = [0.0] * len(rewards)
    for idx in _groups(group_ids):
        if len(idx) < 2:
            continue
        group = values[idx]
        normalised = (group - group.mean()) / (group.std(unbiased=True) + eps)
        for i, a in zip(idx, normalised.tolist(), strict=True):
            out[i] = float(a)
    return out


def scorer_advantages(
    r_prm: Sequence[float | None], group_ids: Sequence[str], weight: float
) -> list[float]:
    """The step scorer's advantage term: weight * (r_prm - the mean r_prm of the group's
    scored members), 0 for an unscored trajectory or a group with one scored member.

    Not divided by any spread [ours]: ``weight`` (labels.prm_weight, lambda_h) is the
    scorer's say in units of the outcome advantage, the same in a group whose answers
    all failed (where the outcome term is 0) as in any other.
    """
    if len(r_prm) != len(group_ids):
        raise ValueError("one group id per r_prm")
    out = [0.0] * len(r_prm)
    for idx in _groups(group_ids):
        members = [(i, r) for i in idx if (r := r_prm[i]) is not None]
        if len(members) < 2:
            continue
        mean = sum(r for _, r in members) / len(members)
        for i, r in members:
            out[i] = weight * (r - mean)
    return out
