"""Parsing the model's tagged output: <think>, <search>, <answer>.

Search-R1 reads the action as the first ``<(search|answer)>(.*?)</\\1>`` of a turn and
scores the *last* ``<answer>`` span. It runs the latter over prompt+response and so
needs two matches (the prompt's own ``<answer> Beijing </answer>`` example is one);
we run it over the response alone, where the last match is the same span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_ACTION = re.compile(r"<(search|answer)>(.*?)</\1>", re.DOTALL)
_ANSWER = re.compile(r"<answer>(.*?)</answer>", re.DOTALL)
_THINK = re.compile(r"<think>(.*?)</think>", re.DOTALL)

ActionKind = Literal["search", "answer", "invalid"]


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    content: str  # the query or the answer, stripped; "" for invalid


def parse_action(turn_text: str) -> Action:
    match = _ACTION.search(turn_text)
    if match is None:
        return Action("invalid", "")
    kind: ActionKind = "search" if match.group(1) == "search" else "answer"
    return Action(kind, match.group(2).strip())


def extract_answer(response: str) -> str | None:
    """Content of the last <answer> span of a response, or None if there is none."""
    matches = _ANSWER.findall(response)
    return matches[-1].strip() if matches else None


def extract_think(turn_text: str) -> str | None:
    match = _THINK.search(turn_text)
    return match.group(1).strip() if match else None
