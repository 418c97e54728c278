"""Text the demo BPE is trained on, with person names taken out (they are added tokens)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from searchr2.retrieval.types import Retriever
from searchr2.text.prompt import build_prompt, invalid_action_feedback
from searchr2.world.build import DemoWorld
from searchr2.world.demos import build_demo
from searchr2.world.names import NAME_WORDS

_NAME = re.compile(r"\b(" + "|".join(re.escape(w) for w in NAME_WORDS) + r")\b")


def tokenizer_texts(
    demo: DemoWorld, retriever: Retriever, top_k: int, prompt: str
) -> Iterator[str]:
    def hide_names(text: str) -> str:
        return _NAME.sub("Name", text)

    yield from [build_prompt("?", prompt)] * 20
    yield from [invalid_action_feedback()] * 20
    for question in demo.questions:
        for noisy in (False, True):
            segments = build_demo(question, retriever, top_k, noisy)
            yield hide_names(
                build_prompt(question.question, prompt) + "".join(s.text for s in segments)
            )
