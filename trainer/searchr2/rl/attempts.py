"""Attempts the Meta-Refiner cut, as training samples of their own (refiner.train_dropped).

A revised trajectory had a first attempt: the kept prefix and a suffix that ended in an
answer (or ran out of turns) before the refiner judged it. By default only the final
trajectory is trained and the dropped suffix is kept for inspection, so a flaw the
refiner caught never costs the Actor anything, and the group looks better than the
policy that produced it (DEMO-FEASIBILITY: "replacing failures by their fixes inflated
the training reward"). With train_dropped [ours] each such attempt is scored like the
final trajectories, its reward joins its GRPO group for the mean and std, and its
dropped suffix ("suffix"), or only the step the refiner named as flawed ("flawed_step"), is
trained with the attempt's advantage; the prefix it shares with the final trajectory is
trained once, with the final trajectory's advantage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from searchr2.refiner.reviser import Decision
from searchr2.rl.advantage import group_advantages, scorer_advantages
from searchr2.rl.update import TrainSequence
from searchr2.rollout.trajectory import Trajectory


@dataclass(frozen=True)
class Attempt:
    decision: Decision  # the cut that replaced it
    trajectory: Trajectory  # the attempt as it stood before the cut
    group_id: str


def replaced_attempts(
    trajectories: Sequence[Trajectory], group_ids: Sequence[str]
) -> list[Attempt]:
    """Every attempt a cut replaced (with N_max > 1, a regeneration can be one too)."""
    return [
        Attempt(d, d.attempt, g)
        for t, g in zip(trajectories, group_ids, strict=True)
        for d in t.refinements
        if d.attempt is not None
    ]


def advantages_with_attempts(
    rewards: Sequence[float],
    group_ids: Sequence[str],
    attempts: Sequence[Attempt],
    attempt_rewards: Sequence[float],
    eps: float,
    r_prm: Sequence[float | None] = (),
    attempt_r_prm: Sequence[float | None] = (),
    prm_weight: float = 0.0,
) -> tuple[list[float], list[float]]:
    """Group advantages of the final trajectories and of the attempts, normalised over
    both: a question's group is every complete attempt at it this step. With
    ``prm_weight`` > 0 each gains the step scorer's term over the same groups."""
    ids = [*group_ids, *(a.group_id for a in attempts)]
    every = group_advantages([*rewards, *attempt_rewards], ids, eps)
    if prm_weight > 0.0:
        term = scorer_advantages([*r_prm, *attempt_r_prm], ids, prm_weight)
        every = [a + t for a, t in zip(every, term, strict=True)]
    return every[: len(rewards)], every[len(rewards) :]


def dropped_sequence(attempt: Attempt, advantage: float, flawed_step_only: bool) -> TrainSequence:
    """The attempt's tokens, trained from the cut on (model-written tokens only): the whole
    dropped suffix, or only the flawed step's own tokens, the sequence ending there."""
    t = attempt.trajectory
    keep = t.turn_starts[attempt.decision.verdict.cut_step - 1]
    end = len(t.loss_mask)
    if flawed_step_only:
        end = keep
        while end < len(t.loss_mask) and t.loss_mask[end] == 1:
            end += 1
    mask = [0] * (len(t.prompt_ids) + keep) + t.loss_mask[keep:end]
    # t.kv, when kept, holds the prefix up to the cut (refiner.attempt_gradient "dropped").
    return TrainSequence(t.context[: len(t.prompt_ids) + end], mask, advantage, context=t.kv)
