"""Pronounceable fictional names, and the fixed pool person names are drawn from [ours].

Every person's first and last name is a word from a fixed, seed-independent pool
(``FIRST_NAMES``, ``LAST_NAMES``), and the demo tokenizer registers each pool word as one
token (model/tokenizer.py). SFT demonstrations rename their person to a fresh pair drawn
from the same pool, so the tiny model learns to copy ONE token from the question into
its query, which DEMO-FEASIBILITY found it learns in a few hundred steps, instead of
memorising training people (the trap measured there) or copying a multi-token name
(which our earlier syllable-spelled names needed, and the model never learned: held-out
EM 0.03). Held-out people use pool words too, so their names are always encodable as
known single tokens.
"""

from __future__ import annotations

import random

ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "th")
VOWELS = ("a", "e", "i", "o", "u")
CODAS = ("", "", "n", "r", "l", "s")

SYLLABLES: tuple[str, ...] = tuple(
    sorted({o + v + c for o in ONSETS for v in VOWELS for c in CODAS})
)

POOL_SEED = 20240611  # fixed: the pool (and so the tokenizer's name tokens) never varies
POOL_FIRST = 64
POOL_LAST = 64


def make_word(rng: random.Random, n_syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n_syllables)).capitalize()


def _pool() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rng = random.Random(POOL_SEED)
    seen: set[str] = set()

    def draw(count: int, syllables: tuple[int, ...]) -> tuple[str, ...]:
        words: list[str] = []
        while len(words) < count:
            word = make_word(rng, rng.choice(syllables))
            if word.lower() not in seen:
                seen.add(word.lower())
                words.append(word)
        return tuple(words)

    return draw(POOL_FIRST, (2,)), draw(POOL_LAST, (2, 3))


FIRST_NAMES, LAST_NAMES = _pool()
NAME_WORDS: tuple[str, ...] = FIRST_NAMES + LAST_NAMES


class UniqueNames:
    """Draws words that no other entity in the world uses, nor any pool name word."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = {w.lower() for w in NAME_WORDS}

    def word(self, n_syllables: int) -> str:
        while True:
            word = make_word(self._rng, n_syllables)
            if word.lower() not in self._taken:
                self._taken.add(word.lower())
                return word


def person_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct "First Last" names from the pool."""
    if count > len(FIRST_NAMES) * len(LAST_NAMES):
        raise ValueError(f"the name pool holds at most {len(FIRST_NAMES) * len(LAST_NAMES)}")
    names: list[str] = []
    taken: set[str] = set()
    while len(names) < count:
        name = fresh_person_name(rng)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def fresh_person_name(rng: random.Random) -> str:
    """A random person name from the pool (one token per word in the demo tokenizer)."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
