"""Held-out evaluation: greedy rollouts, exact match. The Actor alone, no refiner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from searchr2.rollout.loop import Environment, RolloutSettings, run_rollouts
from searchr2.rollout.trajectory import QAItem, Trajectory
from searchr2.text.normalize import exact_match
from searchr2.text.prompt import build_prompt


def evaluate_em(
    env: Environment,
    items: Sequence[QAItem],
    settings: RolloutSettings,
    batch_size: int = 40,
    should_abort: Callable[[], bool] = lambda: False,
) -> dict[str, float]:
    greedy = replace(settings, greedy=True)
    ems: list[float] = []
    searches: list[int] = []
    for start in range(0, len(items), batch_size):
        chunk = items[start : start + batch_size]
        trajectories = [
            Trajectory(
                q,
                env.tokenizer.encode(
                    build_prompt(q.question, settings.prompt), add_special_tokens=False
                ),
            )
            for q in chunk
        ]
        run_rollouts(env, trajectories, greedy, should_abort=should_abort)
        ems += [exact_match(t.final_answer, t.item.golden_answers) for t in trajectories]
        searches += [t.n_searches for t in trajectories]
    n = max(1, len(ems))
    return {"heldout_em": sum(ems) / n, "searches_mean": sum(searches) / n, "n": float(len(ems))}
