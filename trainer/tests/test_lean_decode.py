"""The lean decoding step gives Hugging Face's logits, and the same rollouts, or is not used."""

from __future__ import annotations

from typing import Literal

import pytest
import torch
from transformers import (
    AutoModelForCausalLM,
    DynamicCache,
    LlamaConfig,
    MistralConfig,
    PretrainedConfig,
    Qwen2Config,
    Qwen3Config,
)

from searchr2.model import lean_decode
from searchr2.model.generate import SamplingParams, cache_kwarg, generate
from searchr2.model.kv import RowCache

_SIZE = {
    "vocab_size": 40, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2,
    "num_attention_heads": 4, "head_dim": 8, "pad_token_id": 0, "bos_token_id": None,
    "eos_token_id": 1,
}  # fmt: skip


def _model(config: PretrainedConfig) -> torch.nn.Module:
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    with torch.no_grad():  # untrained norms are all ones; make every weight matter
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    return model.eval()


# Grouped-query attention (2 key/value heads for 4 query heads) and Qwen2's q/k/v biases.
_FAMILIES = [
    LlamaConfig(**_SIZE, num_key_value_heads=4),
    LlamaConfig(**_SIZE, num_key_value_heads=2),
    Qwen2Config(**_SIZE, num_key_value_heads=2),
    MistralConfig(**_SIZE, num_key_value_heads=2, sliding_window=None),
]


def _two_turns(
    model: torch.nn.Module, prompts: list[list[int]], decoder: Literal["auto", "hf"]
) -> tuple[list[list[int]], list[RowCache | None]]:
    """Sample a turn, append a tool reply, sample another from each row's kept cache."""
    params = SamplingParams(max_new_tokens=10, temperature=1.0)
    caches: list[RowCache | None] = [None] * len(prompts)
    first = generate(model, prompts, params, set(), 0, torch.Generator().manual_seed(1),
                     caches=caches, decoder=decoder)  # fmt: skip
    turn_two = [p + f + [15, 16] for p, f in zip(prompts, first, strict=True)]
    second = generate(model, turn_two, params, {3}, 0, torch.Generator().manual_seed(2),
                      caches=caches, decoder=decoder)  # fmt: skip
    return first + second, caches


@pytest.mark.parametrize(
    "config", _FAMILIES, ids=lambda c: f"{c.model_type}-kv{c.num_key_value_heads}"
)
def test_lean_steps_sample_what_hf_samples_over_padded_cached_rows(
    config: PretrainedConfig,
) -> None:
    model = _model(config)
    assert lean_decode.supports(model)
    prompts = [[2, 3, 4, 5, 6, 7, 8], [9, 10], [11, 12, 13, 14]]
    lean_tokens, lean_caches = _two_turns(model, prompts, "auto")
    hf_tokens, hf_caches = _two_turns(model, prompts, "hf")
    assert lean_tokens == hf_tokens
    for lean_row, hf_row in zip(lean_caches, hf_caches, strict=True):
        assert lean_row is not None and hf_row is not None
        assert lean_row.length == hf_row.length
        for (k1, v1), (k2, v2) in zip(lean_row.layers, hf_row.layers, strict=True):
            torch.testing.assert_close(k1, k2, atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(v1, v2, atol=1e-5, rtol=1e-5)


def test_each_step_matches_the_hf_forward_to_float_precision() -> None:
    model = _model(LlamaConfig(**_SIZE, num_key_value_heads=2))

    ids = torch.tensor([[0, 0, 2, 3, 4], [5, 6, 7, 8, 9]])
    mask = (ids != 0).long()
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    cache = DynamicCache()
    with torch.no_grad():
        model(
            input_ids=ids,
            attention_mask=mask,
            position_ids=positions,
            **{cache_kwarg(model): cache},
        )
        step = lean_decode.LeanDecoder(model, cache, mask, room=3)
        tokens, at = torch.tensor([10, 11]), positions[:, -1:] + 1
        lean = step.step(tokens, at)
        full = torch.cat([ids, tokens[:, None]], dim=-1)
        full_mask = torch.cat([mask, torch.ones((2, 1), dtype=torch.long)], dim=-1)
        full_positions = torch.cat([positions, at], dim=-1)
        hf = model(input_ids=full, attention_mask=full_mask, position_ids=full_positions).logits
    torch.testing.assert_close(lean, hf[:, -1, :], atol=1e-5, rtol=1e-5)


def test_the_demo_models_sampled_rollouts_are_unchanged(assets) -> None:  # type: ignore[no-untyped-def]
    """Multi-turn rollouts with retrieval, seeded sampling: the same tokens either way."""
    from searchr2.config.load import resolve_config
    from searchr2.rollout.loop import RolloutSettings, run_rollouts
    from searchr2.rollout.trajectory import Trajectory
    from searchr2.run.policy import load_run_policy
    from searchr2.text.prompt import build_prompt

    policy = load_run_policy(resolve_config("test"), assets)
    assert lean_decode.supports(policy.env.model)
    tok = policy.tokenizer

    def roll(decoder: Literal["auto", "hf"]) -> list[list[int]]:
        ts = [
            Trajectory(q, tok.encode(build_prompt(q.question, "compact"), add_special_tokens=False))
            for q in policy.train[:6]
        ]
        settings = RolloutSettings(4, 16, 1024, 1, 1.0, prompt="compact", decoder=decoder)
        run_rollouts(policy.env, ts, settings, torch.Generator().manual_seed(0))
        return [t.response_ids for t in ts]

    lean = roll("auto")
    assert lean == roll("hf")
    assert any(len(r) > 40 for r in lean)  # several turns, each continuing a kept cache


@pytest.mark.parametrize(
    "config",
    [
        Qwen2Config(**_SIZE, num_key_value_heads=2, use_sliding_window=True, sliding_window=4),
        MistralConfig(**_SIZE, num_key_value_heads=2, sliding_window=4),
        LlamaConfig(**_SIZE, num_key_value_heads=2, hidden_act="gelu"),
        Qwen3Config(**_SIZE, num_key_value_heads=2),
    ],
    ids=["qwen2-sliding", "mistral-sliding", "llama-gelu", "qwen3-qk-norm"],
)
def test_models_with_parts_it_does_not_reimplement_decode_through_hf(
    config: PretrainedConfig,
) -> None:
    model = _model(config)
    assert not lean_decode.supports(model)
    out = generate(model, [[2, 3, 4]], SamplingParams(max_new_tokens=4, greedy=True), set(), 0)
    assert len(out[0]) == 4
