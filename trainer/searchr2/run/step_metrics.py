"""The per-step figures a run reports (metrics.jsonl, the editor's charts)."""

from __future__ import annotations

from searchr2.rl.reward import Score
from searchr2.rollout.trajectory import Trajectory
from searchr2.text.normalize import exact_match
from searchr2.text.tags import extract_answer


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def step_metrics(
    trajectories: list[Trajectory], scores: list[Score], group_size: int
) -> dict[str, float]:
    rewards = [s.reward for s in scores]
    groups = [rewards[i : i + group_size] for i in range(0, len(rewards), group_size)]
    judged = [d for t in trajectories for d in t.refinements]
    out = {
        "reward_mean": _mean(rewards),
        "em_mean": _mean([s.em for s in scores]),
        "r_process_mean": _mean([s.r_process for s in scores]),
        "judge_unparsable": float(sum(s.judge_unparsable for s in scores)),
        "searches_mean": _mean([float(t.n_searches) for t in trajectories]),
        "turns_mean": _mean([float(len(t.turns)) for t in trajectories]),
        "invalid_rate": _mean(
            [float(any(x.action == "invalid" for x in t.turns)) for t in trajectories]
        ),
        "response_tokens_mean": _mean([float(len(t.response_ids)) for t in trajectories]),
        "mixed_groups": _mean([float(max(g) != min(g)) for g in groups]),
    }
    prm = [s.r_prm for s in scores if s.r_prm is not None]
    if prm:
        # The step scorer's reward term (labels.prm_weight > 0, once the scorer is fitted).
        out["r_prm_mean"] = _mean(prm)
    if judged:
        out["revise_rate"] = _mean([float(t.revisions > 0) for t in trajectories])
        out["refiner_margin_mean"] = _mean([d.verdict.margin for d in judged])
        cuts = [float(d.verdict.cut_step) for d in judged if d.verdict.revise]
        if cuts:
            out["cut_step_mean"] = _mean(cuts)
        out.update(_revise_rate_by_first_attempt(trajectories, scores))
    return out


def _revise_rate_by_first_attempt(
    trajectories: list[Trajectory], scores: list[Score]
) -> dict[str, float]:
    """How often the refiner revised first attempts that were wrong, and ones that were
    right: the gap is whether it tells them apart (equal rates: a coin flip) [ours]."""
    revised: dict[bool, list[float]] = {True: [], False: []}
    for t, s in zip(trajectories, scores, strict=True):
        if not t.refinements:
            continue
        first = t.refinements[0]
        if first.verdict.revise:
            # The cut drops the answer step, so the first attempt's answer is in the suffix.
            answer = extract_answer("\n".join(turn.text for turn in first.dropped_turns))
            right = exact_match(answer, t.item.golden_answers) > 0.0
        else:
            right = s.em > 0.0
        revised[right].append(float(first.verdict.revise))
    out = {}
    if revised[False]:
        out["revise_rate_wrong"] = _mean(revised[False])
    if revised[True]:
        out["revise_rate_right"] = _mean(revised[True])
    return out
