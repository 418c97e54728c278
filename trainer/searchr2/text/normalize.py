"""Answer normalisation and exact match, as Search-R1 scores its QA benchmarks.

Search-R1 inherits the SQuAD rule: lower-case, strip ASCII punctuation, drop the
articles a/an/the as whole words, collapse whitespace. Only ASCII punctuation is
removed (``string.punctuation``), so an en dash or a curly quote survives; we keep
that quirk so EM figures are comparable with published Search-R1 numbers.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    lowered = text.lower()
    no_punct = "".join(ch for ch in lowered if ch not in _PUNCTUATION)
    no_articles = _ARTICLES.sub(" ", no_punct)
    return " ".join(no_articles.split())


def exact_match(prediction: str | None, golden_answers: Iterable[str] | str) -> float:
    """1.0 when the prediction equals any gold alias after normalisation."""
    if prediction is None:
        return 0.0
    golds = [golden_answers] if isinstance(golden_answers, str) else list(golden_answers)
    predicted = normalize_answer(prediction)
    return 1.0 if any(normalize_answer(g) == predicted for g in golds) else 0.0
