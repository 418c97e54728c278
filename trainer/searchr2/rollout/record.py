"""A finished trajectory as the protocol's Rollout object (also a rollouts.jsonl line).

Everything a researcher needs to audit it: the turns, each collection's usefulness and
its judge, r_outcome, r_process, R, the advantage, and the Meta-Refiner's record
(prompt version, log-probs and margin, cut step, kept prefix, dropped suffix; the
regenerated suffix is ``turns[kept_turns:]``).
"""

from __future__ import annotations

from typing import Any

from searchr2.refiner.reviser import Decision
from searchr2.rl.reward import Score
from searchr2.rollout.trajectory import Trajectory, TurnRecord


def turn_to_dict(turn: TurnRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"text": turn.text, "think": turn.think, "action": turn.action}
    if turn.action == "search":
        out["query"] = turn.content
        out["documents"] = [
            {"id": h.passage.id, "title": h.passage.title, "text": h.passage.text, "score": h.score}
            for h in turn.hits
        ]
    elif turn.action == "answer":
        out["answer"] = turn.content
    if turn.feedback is not None:
        out["feedback"] = turn.feedback
    return out


def refiner_to_dict(d: Decision, *, tau: float, trained: bool) -> dict[str, Any]:
    v = d.verdict
    return {
        "prompt_version": d.prompt_version,
        "decision": "revise" if v.revise else "keep",
        "cut_step": v.cut_step,
        "logp_revise": v.logp_revise,
        "logp_keep": v.logp_keep,
        "margin": v.margin,
        "tau": tau,
        **({} if v.p_revise is None else {"p_revise": v.p_revise}),
        "step_logprobs": v.step_logprobs,
        "kept_turns": d.kept_turns,
        "dropped_turns": [turn_to_dict(turn) for turn in d.dropped_turns],
        "trained": trained,
        **({} if d.attempt_reward is None else {"attempt_reward": d.attempt_reward}),
        **({} if d.attempt_advantage is None else {"attempt_advantage": d.attempt_advantage}),
    }


def rollout_to_dict(
    t: Trajectory,
    *,
    rollout_id: str,
    step: int,
    group_id: str,
    score: Score,
    advantage: float | None,
    method: str = "search_r1",
    refiner_trained: bool = False,
    tau: float = 0.0,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rollout_id,
        "step": step,
        "group_id": group_id,
        "question_id": t.item.id,
        "question": t.item.question,
        "golden_answers": list(t.item.golden_answers),
        "data_source": t.item.data_source,
        "turns": [turn_to_dict(turn) for turn in t.turns],
        "answer": t.final_answer,
        "em": score.em,
        "reward": score.reward,
        "r_outcome": score.r_outcome,
        "r_process": score.r_process,
        "collections": [
            {"turn": c.turn, "useful": c.useful, "judge": c.judge, "parsed": c.parsed}
            for c in score.collections
        ],
        "n_searches": t.n_searches,
        "method": method,
    }
    if advantage is not None:
        out["advantage"] = advantage
    if t.refinements:
        # The first decision is the one that judged the Actor's own trajectory; later
        # ones (N_max > 1) judged regenerations and are listed in order.
        records = [refiner_to_dict(d, tau=tau, trained=refiner_trained) for d in t.refinements]
        out["refiner"] = {**records[0], "revisions": t.revisions, "decisions": records}
    return out
