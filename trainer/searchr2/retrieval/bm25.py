"""Local BM25 over a corpus held in memory (bm25s: fast, no Java, no server)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np

from searchr2.retrieval.types import Hit, Passage

# bm25s logs every index build at DEBUG on its own handler settings; keep it quiet.
logging.getLogger("bm25s").setLevel(logging.WARNING)


def _tokenize(texts: list[str]) -> list[list[str]]:
    # Strings, not ids: bm25s maps query strings onto the index vocabulary itself,
    # and words the corpus never saw simply score nothing.
    tokens: list[list[str]] = bm25s.tokenize(
        texts, stopwords="en", show_progress=False, return_ids=False
    )
    return tokens


class BM25Retriever:
    def __init__(self, passages: Sequence[Passage]) -> None:
        self._passages = list(passages)
        self._index = bm25s.BM25()
        # Title and text alike are indexed: queries are mostly entity names.
        self._index.index(_tokenize([p.contents for p in self._passages]), show_progress=False)

    def search(self, queries: list[str], top_k: int) -> list[list[Hit]]:
        if not queries:
            return []
        k = min(top_k, len(self._passages))
        found = self._index.retrieve(_tokenize(queries), k=k, show_progress=False, n_threads=1)
        docs, scores = np.asarray(found.documents), np.asarray(found.scores)
        # A zero score means no query word occurs in the passage: such "hits" are
        # arbitrary, so they are left out rather than shown as evidence.
        return [
            [
                Hit(self._passages[int(d)], float(s))
                for d, s in zip(docs[i], scores[i], strict=True)
                if float(s) > 0.0
            ]
            for i in range(len(queries))
        ]
