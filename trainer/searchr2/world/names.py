"""Pronounceable fictional names made of syllables.

Person names are built from a small syllable inventory on purpose: the demo tokenizer
splits them into syllables, so a held-out person's name is a new sequence of familiar
tokens that the model can copy, instead of a word-level token it never learned to emit
(the memorisation trap measured in DEMO-FEASIBILITY).
"""

from __future__ import annotations

import random

ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "th")
VOWELS = ("a", "e", "i", "o", "u")
CODAS = ("", "", "n", "r", "l", "s")

SYLLABLES: tuple[str, ...] = tuple(o + v + c for o in ONSETS for v in VOWELS for c in set(CODAS))


def syllables_of(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(SYLLABLES) for _ in range(count)]


def make_word(rng: random.Random, n_syllables: int) -> tuple[str, list[str]]:
    """A capitalised word and the syllables it was made of."""
    parts = syllables_of(rng, n_syllables)
    return "".join(parts).capitalize(), parts


class UniqueNames:
    """Draws words that no other entity in the world uses."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def word(self, n_syllables: int) -> tuple[str, list[str]]:
        while True:
            word, parts = make_word(self._rng, n_syllables)
            if word.lower() not in self._taken:
                self._taken.add(word.lower())
                return word, parts


def fresh_person_name(rng: random.Random) -> str:
    """A random person name shaped like the world's (2 + 2..3 syllables)."""
    first = make_word(rng, 2)[0]
    last = make_word(rng, rng.choice((2, 3)))[0]
    return f"{first} {last}"
