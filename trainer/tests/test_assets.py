"""The cached demo assets (test preset): formats, tokenizer behaviour, cache reuse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from transformers import AutoModelForCausalLM, AutoTokenizer

from searchr2.assets.cache import asset_key
from searchr2.config.load import resolve_config
from searchr2.world.names import NAME_WORDS


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


def test_every_pool_name_word_is_one_token(assets: Path) -> None:
    # A name is copied token by token; each word must be exactly one token.
    tokenizer = AutoTokenizer.from_pretrained(assets / "model")
    for word in NAME_WORDS:
        ids = tokenizer.encode(word, add_special_tokens=False)
        assert len(ids) == 1, word
        assert tokenizer.decode(ids) == word


def test_heldout_names_are_single_tokens_and_round_trip(assets: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(assets / "model")
    unk = tokenizer.unk_token_id
    heldout = [json.loads(x) for x in (assets / "heldout.jsonl").read_text().splitlines()]
    names = {
        r["question"].removeprefix("Where was ").removesuffix(" born?").strip()
        for r in heldout
        if r["question"].startswith("Where was")
    }
    assert names
    pool = set(NAME_WORDS)
    for name in names:
        assert set(name.split()) <= pool, name
        text = f"<search> {name} </search>"
        ids = tokenizer.encode(text, add_special_tokens=False)
        assert unk is None or unk not in ids
        assert tokenizer.decode(ids) == text
        named = [tokenizer.convert_ids_to_tokens(i) for i in ids]
        assert all(word in named for word in name.split()), named
    # A pool word inside a longer word is not matched as the name token.
    word = NAME_WORDS[0]
    assert len(tokenizer.encode(word + "x", add_special_tokens=False)) > 1


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


def test_the_warm_start_is_rebuilt_only_when_its_arithmetic_changes() -> None:
    def key(*assignments: str) -> str:
        return asset_key(resolve_config("test", assignments=list(assignments)))

    # By default the SFT runs in fp32 whatever the run's precision, so changing the
    # run's precision reuses the cached warm start.
    assert key("precision=bf16") == key("precision=fp32")
    # Following the run's precision, a bf16 warm start is a different asset.
    assert key("sft.precision=run", "precision=bf16") != key("sft.precision=run", "precision=fp32")


def test_sft_threads_change_the_build_speed_not_the_warm_start(tmp_path: Path) -> None:
    def key(*assignments: str) -> str:
        return asset_key(resolve_config("test", assignments=list(assignments)))

    assert key("sft.threads=1") == key("sft.threads=2") == key()
    weights = []
    for threads in (1, 2):
        cache = tmp_path / f"threads-{threads}"
        done = subprocess.run(
            [sys.executable, "-m", "searchr2", "prepare-demo", "--preset", "test",
             "--set", f"sft.threads={threads}", "--set", "sft.refiner_steps=20",
             "--set", "sft.refiner_batch_size=8", "--log-level", "warning"],
            capture_output=True, text=True, timeout=300, check=True,
            env={**os.environ, "SEARCHR2_CACHE_DIR": str(cache)},
        )  # fmt: skip
        asset = Path(done.stdout.strip().splitlines()[-1])
        weights.append((asset / "model" / "model.safetensors").read_bytes())
    assert weights[0] == weights[1]
