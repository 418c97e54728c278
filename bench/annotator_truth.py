"""The simulated annotator's ground truth: a trajectory's earliest flawed step.

The rule [ours], from the question's gold supporting passages and answers, in step order:
an invalid step is flawed; a search whose collection holds none of the gold supporting
passage ids is flawed (a vague query, the wrong person, the wrong bridge company, a
search with no results); an answer that is not an exact match is flawed, a right one
ends the trajectory with nothing wrong before it (0). A trajectory that never answers
is flawed at its last step. This is the rule the Meta-Refiner's warm-start demos
(world/refiner_demos) are built by, so "cut accuracy" means the same thing on both.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from searchr2.text.normalize import exact_match


def earliest_flawed_step(
    turns: Sequence[Mapping[str, Any]], supporting: Collection[str], golden: Sequence[str]
) -> int:
    """1-based step of the first mistake, 0 when the trajectory is right throughout."""
    for step, turn in enumerate(turns, start=1):
        action = turn.get("action")
        if action == "search":
            ids = {str(d["id"]) for d in turn.get("documents", [])}
            if not ids & set(supporting):
                return step
        elif action == "answer":
            return 0 if exact_match(turn.get("answer"), list(golden)) else step
        else:
            return step
    return len(turns)


def judged_turns(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The turns the Meta-Refiner's first decision read (None: it did not judge)."""
    refiner = rollout.get("refiner")
    if not isinstance(refiner, dict):
        return None
    turns = list(rollout["turns"][: int(refiner["kept_turns"])])
    return turns + list(refiner.get("dropped_turns", []))
