"""Step featurisation, version searchr2-stepfeat/2: the contract of FEATURES.md.

Every choice here is made so TypeScript reproduces it exactly: only ASCII letters are
lower-cased and only [A-Za-z0-9] are token characters (str.lower() would turn "İ" into
"i̇" and U+212A KELVIN SIGN into "k"), hashes are over ASCII bytes, and every value is
an integer count or a ratio rounded once to float32.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

VERSION = "searchr2-stepfeat/2"
HASH_DIM = 1024
NGRAM_BASE = 0  # hashed unigram and bigram counts of the step text
OVERLAP_BASE = HASH_DIM  # hashed n-grams of the step text that the question also has
DENSE_BASE = 2 * HASH_DIM
DENSE = (
    "position",
    "is_search",
    "is_answer",
    "is_invalid",
    "repeated_query",
    "question_overlap",
    # What the step could see and what it got back (v2): a search that names something
    # nothing so far mentioned, or that retrieved a passage about something else, is
    # how a flawed step usually looks; so is an answer no retrieved passage contains.
    "query_grounding",
    "title_in_query",
    "title_grounding",
    "no_documents",
    "answer_grounding",
)
TOTAL_DIM = DENSE_BASE + len(DENSE)

_TOKEN = re.compile(r"[A-Za-z0-9]+")  # explicit ranges: no Unicode digits or letters
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def tokens(text: str) -> list[str]:
    """Runs of ASCII letters and digits, lower-cased; everything else separates."""
    return [t.lower() for t in _TOKEN.findall(text)]


def fnv1a32(text: str) -> int:
    """FNV-1a, 32 bits, over the bytes of an ASCII string (tokens are ASCII)."""
    h = FNV_OFFSET
    for byte in text.encode("ascii"):
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h


def ngrams(toks: Sequence[str]) -> list[str]:
    """Unigrams, then bigrams joined by one space (a unigram never holds a space)."""
    return [*toks, *(f"{a} {b}" for a, b in pairwise(toks))]


def step_content(turn: Mapping[str, Any]) -> str:
    action = turn.get("action")
    if action == "search":
        return str(turn.get("query") or "")
    if action == "answer":
        return str(turn.get("answer") or "")
    return ""


def step_text(turn: Mapping[str, Any]) -> str:
    action = str(turn.get("action"))
    if action in ("search", "answer"):
        return f"{action}: {step_content(turn)}"
    return "invalid"


def _share(words: set[str], known: set[str]) -> float:
    """The fraction of ``words`` in ``known``; 0 for no words."""
    return len(words & known) / len(words) if words else 0.0


def _documents(turn: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    documents = turn.get("documents") if turn.get("action") == "search" else None
    return [d for d in documents if isinstance(d, Mapping)] if isinstance(documents, list) else []


def _field(document: Mapping[str, Any], key: str) -> str:
    value = document.get(key)
    return value if isinstance(value, str) else ""  # anything else counts as no text


def _title_share(documents: Sequence[Mapping[str, Any]], known: set[str]) -> float:
    """Mean over the documents whose title has tokens of the title's share in ``known``."""
    titles = [title for d in documents if (title := set(tokens(_field(d, "title"))))]
    # sum() adds in document order, as the TypeScript side does: the same float result.
    return sum(_share(title, known) for title in titles) / len(titles) if titles else 0.0


def rollout_features(question: str, turns: Sequence[Mapping[str, Any]]) -> list[dict[int, float]]:
    """One sparse vector (index -> value, zeros left out) per step, in step order."""
    question_grams = set(ngrams(tokens(question)))
    question_words = set(tokens(question))
    n = len(turns)
    earlier_queries: set[str] = set()
    retrieved: set[str] = set()  # the tokens of every earlier step's passages
    out: list[dict[int, float]] = []
    for i, turn in enumerate(turns):
        vec: dict[int, float] = {}
        grams = ngrams(tokens(step_text(turn)))
        for gram in grams:
            index = NGRAM_BASE + fnv1a32(gram) % HASH_DIM
            vec[index] = vec.get(index, 0.0) + 1.0
        for gram in set(grams) & question_grams:
            vec[OVERLAP_BASE + fnv1a32(gram) % HASH_DIM] = 1.0
        action = turn.get("action")
        content_words = tokens(step_content(turn))
        query_key = " ".join(content_words)
        distinct = set(content_words)
        documents = _documents(turn)
        is_search, is_answer = action == "search", action == "answer"
        evidence = question_words | retrieved
        dense = {
            "position": (i + 1) / n,
            "is_search": float(is_search),
            "is_answer": float(is_answer),
            "is_invalid": float(not (is_search or is_answer)),
            "repeated_query": float(is_search and query_key in earlier_queries),
            "question_overlap": _share(distinct, question_words),
            "query_grounding": _share(distinct, evidence) if is_search else 0.0,
            "title_in_query": _title_share(documents, distinct),
            "title_grounding": _title_share(documents, evidence),
            "no_documents": float(is_search and not documents),
            "answer_grounding": _share(distinct, retrieved) if is_answer else 0.0,
        }
        if is_search:
            earlier_queries.add(query_key)
        for d in documents:
            retrieved.update(tokens(_field(d, "title")), tokens(_field(d, "text")))
        for k, name in enumerate(DENSE):
            value = float(np.float32(dense[name]))
            if value:
                vec[DENSE_BASE + k] = value
        out.append(vec)
    return out


def dense_matrix(vectors: Sequence[Mapping[int, float]]) -> npt.NDArray[np.float32]:
    """Sparse vectors as the [N, TOTAL_DIM] float32 matrix the model takes."""
    matrix = np.zeros((len(vectors), TOTAL_DIM), dtype=np.float32)
    for row, vec in enumerate(vectors):
        for index, value in vec.items():
            matrix[row, index] = value
    return matrix
