"""Text the demo tokenizer is trained on, with person names spelled as syllables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from searchr2.retrieval.types import Retriever
from searchr2.text.prompt import build_prompt, invalid_action_feedback
from searchr2.world.build import DemoWorld
from searchr2.world.demos import build_demo


def _syllable_spelling(demo: DemoWorld) -> dict[str, str]:
    spelled: dict[str, str] = {}
    for person in demo.world.people:
        first, last = person.syllables[:2], person.syllables[2:]
        spelled[person.name] = f"{'-'.join(first).capitalize()} {'-'.join(last).capitalize()}"
    return spelled


def tokenizer_texts(demo: DemoWorld, retriever: Retriever, top_k: int) -> Iterator[str]:
    spelled = _syllable_spelling(demo)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True)))

    def hide_names(text: str) -> str:
        return pattern.sub(lambda m: spelled[m.group(0)], text)

    yield from [build_prompt("?")] * 20
    yield from [invalid_action_feedback()] * 20
    for question in demo.questions:
        for noisy in (False, True):
            segments = build_demo(question, retriever, top_k, noisy)
            yield hide_names(build_prompt(question.question) + "".join(s.text for s in segments))
