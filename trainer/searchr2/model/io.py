"""Save and load a policy in Hugging Face format: the same path any local model takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)


def save_policy(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    directory: Path,
    state: dict[str, Any] | None = None,
) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    if state is not None:
        (directory / "trainer_state.json").write_text(json.dumps(state, indent=2) + "\n")


def load_policy(directory: Path) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    tokenizer = AutoTokenizer.from_pretrained(directory)
    model = AutoModelForCausalLM.from_pretrained(directory, attn_implementation="sdpa")
    if tokenizer.pad_token_id is None:
        # Real base models often lack a pad token; generation pads with EOS instead.
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer
