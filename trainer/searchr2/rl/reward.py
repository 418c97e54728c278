"""Trajectory reward: Search-R2's hybrid R = r_outcome * (1 + r_process) (spec section 3),
and r_prm, the step scorer's verdict (spec section 5.3), kept beside it.

r_outcome is exact match on the last <answer> span. r_process is the mean of u_i over
the trajectory's executed search calls, u_i = 1 when collection c_i (the passages call
i retrieved) helps identify the answer. Choices that are ours:

- M = 0 searches gives r_process = 0.
- A collection whose passage ids were all retrieved earlier in the same trajectory is
  a duplicate: u_i = 0 without asking the judge. An empty collection (the retriever
  found nothing) is u_i = 0 too, labelled "empty"; it is not a duplicate of anything.
- An unparsable judge reply gives u_i = 0 and is counted in ``judge_unparsable``.
- Every trajectory is judged, right answer or not: R ignores r_process when r_outcome
  is 0, but r_process is still reported, so the inspector can show whether a wrong
  answer had useful searches.
- A human label on a collection (spec section 5) replaces the judge's u_i, duplicates
  and empty collections included: the person saw what the judge saw, and more. Such a
  collection is not sent to the judge, and is recorded with judge "human".
- The step scorer's r_prm is recorded with the score but is not part of R: it enters
  the advantage as its own term, lambda_h * (r_prm - the group's mean r_prm)
  (``labels.prm_weight``, rl/advantage.py), so the scorer can rank wrong answers too.
  Added to R instead, it was divided by the group's reward spread: in a group where
  every answer is wrong that spread is the scorer's alone, so its slightest preference
  became a full-size advantage (measured: a 3-hop run learnt to answer without
  searching from a young scorer that favoured one-step trajectories). r_prm is None
  when no scorer scored the trajectory (lambda_h = 0 never scores).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from searchr2.judges.types import Judge, JudgeRequest, Verdict
from searchr2.rollout.trajectory import Trajectory
from searchr2.text.normalize import exact_match


@dataclass(frozen=True)
class CollectionScore:
    turn: int  # index into trajectory.turns of that search turn
    useful: float  # u_i, 0.0 or 1.0
    judge: str  # "support" | "containment" | "llm" | "duplicate" | "empty" | "human"
    parsed: bool = True  # False when the judge's output could not be parsed (counts as 0)


@dataclass(frozen=True)
class Score:
    em: float
    r_outcome: float
    r_process: float
    reward: float
    collections: tuple[CollectionScore, ...]
    judge_unparsable: int
    r_prm: float | None = None  # the step scorer's verdict, None when not scored


def hybrid_reward(em: float, r_process: float) -> float:
    return em * (1.0 + r_process)


def with_prm(score: Score, r_prm: float | None) -> Score:
    """``score`` carrying the step scorer's r_prm; R is unchanged."""
    return replace(score, r_prm=r_prm)


@dataclass(frozen=True)
class _Pending:
    """A collection waiting for the judge: which trajectory and turn it belongs to."""

    trajectory: int
    turn: int
    request: JudgeRequest


HumanCollections = Mapping[int, float]
"""A person's u_i per search turn of one trajectory: turn index -> 1.0 or 0.0."""


def _requests_and_fixed(
    index: int, t: Trajectory, human: HumanCollections
) -> tuple[list[_Pending], dict[int, CollectionScore]]:
    """Split a trajectory's search turns into judge requests and turns already decided."""
    pending: list[_Pending] = []
    fixed: dict[int, CollectionScore] = {}
    seen: set[str] = set()
    supporting = frozenset(str(s) for s in getattr(t.item, "supporting_ids", ()))
    for turn_index, turn in enumerate(t.turns):
        if turn.action != "search" or not turn.executed:
            continue
        ids = {h.passage.id for h in turn.hits}
        if turn_index in human:
            fixed[turn_index] = CollectionScore(turn_index, float(human[turn_index]), "human")
        elif not ids:
            fixed[turn_index] = CollectionScore(turn_index, 0.0, "empty")
        elif ids <= seen:
            fixed[turn_index] = CollectionScore(turn_index, 0.0, "duplicate")
        else:
            request = JudgeRequest(
                question=t.item.question,
                golden_answers=tuple(t.item.golden_answers),
                supporting_ids=supporting,
                passages=tuple(h.passage for h in turn.hits),
            )
            pending.append(_Pending(index, turn_index, request))
        seen |= ids
    return pending, fixed


def _score(em: float, collections: list[CollectionScore]) -> Score:
    r_process = sum(c.useful for c in collections) / len(collections) if collections else 0.0
    return Score(
        em=em,
        r_outcome=em,
        r_process=r_process,
        reward=hybrid_reward(em, r_process),
        collections=tuple(collections),
        judge_unparsable=sum(1 for c in collections if not c.parsed),
    )


def with_human(score: Score, human: HumanCollections) -> Score:
    """``score`` with the person's u_i in place of the judge's, for turns it scored.

    Used when labels arrive after a batch was judged (the review gate): no judge call.
    Turns that were not scored collections (not an executed search) are ignored.
    """
    if not human or not score.collections:
        return score
    collections = [
        CollectionScore(c.turn, float(human[c.turn]), "human") if c.turn in human else c
        for c in score.collections
    ]
    return with_prm(_score(score.em, collections), score.r_prm)


def score_trajectories(
    trajectories: Sequence[Trajectory],
    judge: Judge | None,
    human: Sequence[HumanCollections | None] | None = None,
) -> list[Score]:
    """Score a step's trajectories with one judge call for all their collections.

    judge None is Search-R1's outcome reward: r_process 0, reward = em, no collections
    (human collection labels change nothing then: that rung has no process reward).
    ``human[i]``, when given, is the person's u_i for trajectory i's labelled turns.
    """
    if human is not None and len(human) != len(trajectories):
        raise ValueError(f"{len(human)} human label sets for {len(trajectories)} trajectories")
    ems = [exact_match(t.final_answer, t.item.golden_answers) for t in trajectories]
    if judge is None:
        return [Score(em, em, 0.0, em, (), 0) for em in ems]
    pending: list[_Pending] = []
    decided: list[dict[int, CollectionScore]] = []
    for i, t in enumerate(trajectories):
        asks, fixed = _requests_and_fixed(i, t, (human[i] if human else None) or {})
        pending += asks
        decided.append(fixed)
    verdicts: list[Verdict] = judge.judge([p.request for p in pending]) if pending else []
    if len(verdicts) != len(pending):
        raise RuntimeError(
            f"judge {judge.name!r} returned {len(verdicts)} verdicts for {len(pending)} collections"
        )
    for p, v in zip(pending, verdicts, strict=True):
        decided[p.trajectory][p.turn] = CollectionScore(p.turn, v.useful, judge.name, v.parsed)
    return [_score(em, [d[k] for k in sorted(d)]) for em, d in zip(ems, decided, strict=True)]
