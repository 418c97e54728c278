"""Serve one regenerate request: cut the rollout at step k and let the Actor go on.

Between training steps, on the training thread, with the current weights [ours]:
- sampling uses its own CPU ``torch.Generator`` seeded from the run seed, the rollout
  id, k and the policy step, so the training generator and ``random.Random`` are
  untouched (a run with regenerations trains exactly as one without), and asking the
  same question of the same policy gives the same answer;
- the Meta-Refiner does not judge the regenerated trajectory (this is the Actor's
  continuation from the human's cut, not another revision);
- it is scored by the run's judge (outcome x (1 + process)); a step scorer term is
  not applied; nothing of it enters an update.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import torch
from transformers import PreTrainedTokenizerBase

from searchr2.judges.types import Judge
from searchr2.regenerate.desk import RegenerateRequest
from searchr2.regenerate.rebuild import item_of, rebuild
from searchr2.rl.reward import score_trajectories
from searchr2.rollout.loop import Environment, RolloutSettings, run_rollouts
from searchr2.rollout.record import turn_to_dict
from searchr2.rollout.trajectory import QAItem


@dataclass(frozen=True)
class RegenerateContext:
    env: Environment
    tokenizer: PreTrainedTokenizerBase
    settings: RolloutSettings
    judge: Judge | None
    questions: Mapping[str, QAItem]  # the run's rows by id
    run_seed: int
    should_abort: Callable[[], bool]


def request_seed(run_seed: int, rollout_id: str, step: int, policy_step: int) -> int:
    """Deterministic per (rollout, k, policy): a repeat gives the same regeneration."""
    return (run_seed * 1_000_003 + zlib.crc32(f"{rollout_id}:{step}:{policy_step}".encode())) % (
        2**62
    )


def regenerate(
    request: RegenerateRequest, ctx: RegenerateContext, policy_step: int
) -> dict[str, Any]:
    """The ``regenerated`` event for ``request`` (raises GenerationAborted on a stop)."""
    started = time.perf_counter()
    rollout = request.rollout
    item = item_of(rollout, ctx.questions)
    trajectory = rebuild(rollout, item, ctx.tokenizer, ctx.settings.prompt)
    trajectory.cut(request.step)
    seed = request_seed(ctx.run_seed, request.rollout_id, request.step, policy_step)
    generator = torch.Generator().manual_seed(seed)
    run_rollouts(ctx.env, [trajectory], ctx.settings, generator, ctx.should_abort)
    (score,) = score_trajectories([trajectory], ctx.judge)
    kept = request.step - 1
    return {
        "type": "regenerated",
        "id": request.command_id,
        "rollout_id": request.rollout_id,
        "from_step": request.step,
        "policy_step": policy_step,
        "kept_turns": list(rollout["turns"][:kept]),
        "original_turns": list(rollout["turns"][kept:]),
        "turns": [turn_to_dict(turn) for turn in trajectory.turns[kept:]],
        "answer": trajectory.final_answer,
        "em": score.em,
        "reward": score.reward,
        "r_outcome": score.r_outcome,
        "r_process": score.r_process,
        "n_searches": trajectory.n_searches,
        "seed": seed,
        "seconds": time.perf_counter() - started,
    }
