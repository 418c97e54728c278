"""The demo's tiny causal LM, built from a stock transformers config.

A Llama config (RMSNorm, SwiGLU, rotary positions) rather than a hand-written GPT: it
is saved and loaded through AutoModelForCausalLM exactly like a real checkpoint, so
the training code never has a demo-only path.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import AutoModelForCausalLM, LlamaConfig, PreTrainedModel, PreTrainedTokenizerBase


@dataclass(frozen=True)
class TinyModelSpec:
    hidden_size: int
    layers: int
    heads: int
    intermediate_size: int
    max_positions: int


def build_tiny_model(
    spec: TinyModelSpec, tokenizer: PreTrainedTokenizerBase, seed: int
) -> PreTrainedModel:
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=spec.hidden_size,
        intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.layers,
        num_attention_heads=spec.heads,
        num_key_value_heads=spec.heads,
        max_position_embeddings=spec.max_positions,
        tie_word_embeddings=True,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(seed)
    model: PreTrainedModel = AutoModelForCausalLM.from_config(config)
    return model
