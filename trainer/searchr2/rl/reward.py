"""Trajectory reward. v0 is Search-R1's outcome reward (exact match).

Search-R2's hybrid reward R = r_outcome * (1 + r_process) slots in here once the
process judge exists; callers only see ``score_trajectory``.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchr2.rollout.trajectory import Trajectory
from searchr2.text.normalize import exact_match


@dataclass(frozen=True)
class Score:
    em: float
    reward: float


def score_trajectory(t: Trajectory) -> Score:
    em = exact_match(t.final_answer, t.item.golden_answers)
    return Score(em=em, reward=em)
