"""The Search-R1 prompt and the text the environment appends between turns."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from searchr2.retrieval.types import Passage


@cache
def _prompt_file(name: str) -> str:
    return resources.files("searchr2.prompts").joinpath(name).read_text(encoding="utf-8")


PROMPTS = ("search_r1", "compact")  # files in prompts/; compact is ours, for the demo


def build_prompt(question: str, template: str = "search_r1") -> str:
    if template not in PROMPTS:
        raise ValueError(f"unknown prompt {template!r}; known: {', '.join(PROMPTS)}")
    question = question.strip()
    if not question.endswith("?"):
        question += "?"
    return _prompt_file(f"{template}.txt").replace("{question}", question)


def information_block(passages: Sequence[Passage]) -> str:
    """Search-R1's ``<information>`` block: ``Doc i(Title: <first line>) <rest>``."""
    lines = [f"Doc {i + 1}(Title: {p.title_line}) {p.text}" for i, p in enumerate(passages)]
    return "\n\n<information>" + "\n".join(lines).strip() + "</information>\n\n"


def invalid_action_feedback() -> str:
    """The note appended after a turn without a valid action (kept verbatim from Search-R1)."""
    return "\n" + feedback_message() + "\n"


def feedback_message() -> str:
    return _prompt_file("invalid_action.txt").strip()
