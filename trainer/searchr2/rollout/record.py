"""A finished trajectory as the protocol's Rollout object (also a rollouts.jsonl line)."""

from __future__ import annotations

from typing import Any

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


def rollout_to_dict(
    t: Trajectory,
    *,
    rollout_id: str,
    step: int,
    group_id: str,
    em: float,
    reward: float,
    advantage: float | None,
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
        "em": em,
        "reward": reward,
        "n_searches": t.n_searches,
    }
    if advantage is not None:
        out["advantage"] = advantage
    return out
