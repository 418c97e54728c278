"""The cached demo assets (test preset): formats, tokenizer behaviour, cache reuse."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from transformers import AutoModelForCausalLM, AutoTokenizer


def test_world_files_use_search_r1_formats(assets: Path) -> None:
    corpus = [json.loads(x) for x in (assets / "corpus.jsonl").read_text().splitlines()]
    assert corpus and all(set(row) == {"id", "contents"} for row in corpus)
    for split in ("train", "heldout"):
        rows = [json.loads(x) for x in (assets / f"{split}.jsonl").read_text().splitlines()]
        assert rows and all({"id", "question", "golden_answers"} <= set(r) for r in rows)


def test_policy_loads_through_the_auto_classes(assets: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(assets / "model")
    model = AutoModelForCausalLM.from_pretrained(assets / "model")
    assert model.config.vocab_size == len(tokenizer)
    for tag in ("<search>", "</search>", "<answer>", "</answer>"):
        assert len(tokenizer.encode(tag, add_special_tokens=False)) == 1
    text = "<think> x </think>\n<search> Talo Venmir </search>"
    ids = tokenizer.encode(text, add_special_tokens=False)
    assert tokenizer.decode(ids) == text


def test_no_person_name_is_a_single_token(assets: Path) -> None:
    # Names must be copied piece by piece, not memorised as opaque tokens.
    tokenizer = AutoTokenizer.from_pretrained(assets / "model")
    heldout = [json.loads(x) for x in (assets / "heldout.jsonl").read_text().splitlines()]
    names = {
        r["question"].split("was born")[0].removeprefix("Where was ").strip()
        for r in heldout
        if r["question"].startswith("Where was")
    }
    assert names
    for name in names:
        for word in name.split():
            assert len(tokenizer.encode(" " + word, add_special_tokens=False)) >= 2, word


def test_prepare_demo_is_idempotent_and_fast_when_cached(assets: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "searchr2", "prepare-demo", "--preset", "test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert Path(done.stdout.strip().splitlines()[-1]) == assets
    assert time.monotonic() - started < 30  # imports only; nothing is rebuilt
