"""Batched generation: each row stops at its own stop token; padding does not leak."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoModelForCausalLM, LlamaConfig

from searchr2.model.generate import GenerationAborted, SamplingParams, generate


def _model() -> torch.nn.Module:
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=16, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=2, pad_token_id=0, bos_token_id=None,
        eos_token_id=1,
    )  # fmt: skip
    model = AutoModelForCausalLM.from_config(config)
    model.eval()
    return model


def test_rows_stop_at_their_own_stop_token_and_greedy_is_reproducible() -> None:
    model = _model()
    prompts = [[2, 3, 4, 5, 6], [7, 8], [9]]
    params = SamplingParams(max_new_tokens=12, greedy=True)
    stops = set(range(10, 16))
    a = generate(model, prompts, params, stops, pad_id=0)
    b = generate(model, prompts, params, stops, pad_id=0)
    assert a == b
    for row in a:
        assert 1 <= len(row) <= 12
        assert all(t not in stops for t in row[:-1])
        assert len(row) == 12 or row[-1] in stops


def test_left_padding_does_not_change_a_row() -> None:
    model = _model()
    params = SamplingParams(max_new_tokens=8, greedy=True)
    alone = generate(model, [[7, 8]], params, set(), pad_id=0)[0]
    batched = generate(model, [[2, 3, 4, 5, 6, 2, 3], [7, 8]], params, set(), pad_id=0)[1]
    assert alone == batched


def test_abort_stops_generation() -> None:
    model = _model()
    params = SamplingParams(max_new_tokens=50)
    try:
        generate(model, [[2, 3]], params, set(), pad_id=0, should_abort=lambda: True)
    except GenerationAborted:
        return
    raise AssertionError("generation was not aborted")


def test_reusing_each_rows_cache_between_turns_gives_the_same_tokens(assets) -> None:  # type: ignore[no-untyped-def]
    """Greedy multi-turn rollouts, with and without the prefix cache: the same tokens."""
    from dataclasses import replace as _replace

    from searchr2.config.load import resolve_config
    from searchr2.rollout.loop import RolloutSettings, run_rollouts
    from searchr2.rollout.trajectory import Trajectory
    from searchr2.run.policy import load_run_policy
    from searchr2.text.prompt import build_prompt

    policy = load_run_policy(resolve_config("test"), assets)
    tok = policy.tokenizer
    settings = RolloutSettings(4, 16, 1024, 1, 1.0, greedy=True, prompt="compact")

    def roll(reuse: bool) -> list[list[int]]:
        ts = [
            Trajectory(q, tok.encode(build_prompt(q.question, "compact"), add_special_tokens=False))
            for q in policy.train[:6]
        ]
        run_rollouts(policy.env, ts, _replace(settings, reuse_prefix_cache=reuse))
        assert all(t.kv is None for t in ts)  # freed once the rollouts are done
        return [t.response_ids for t in ts]

    reused, fresh = roll(True), roll(False)
    assert reused == fresh
    assert any(len(r) > 40 for r in reused)  # several turns, so the cache was reused


def test_a_stop_string_split_over_tokens_ends_the_row_like_a_stop_token() -> None:
    model = _model()
    prompts = [[2, 3, 4, 5, 6], [7, 8], [9]]
    params = SamplingParams(max_new_tokens=12, greedy=True)
    by_token = generate(model, prompts, params, {12, 13}, pad_id=0)
    by_text = generate(
        model, prompts, params, set(), pad_id=0, stop_text=lambda ids: ids[-1] in (12, 13)
    )
    assert by_text == by_token


def test_split_tags_are_found_in_the_decoded_tail() -> None:
    from searchr2.rollout.env import stop_text_check, stop_token_ids

    class CharTokenizer:  # every character its own token, like a tag split by BPE
        eos_token_id = 0

        def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
            return [ord(c) for c in text]

        def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
            return "".join(chr(i) for i in ids)

    tok = CharTokenizer()
    assert stop_token_ids(tok) == {0}  # type: ignore[arg-type]
    ends = stop_text_check(tok)  # type: ignore[arg-type]
    assert ends is not None
    assert ends(tok.encode("<search> Ana </search>"))
    assert ends(tok.encode("x </answer>"))
    assert not ends(tok.encode("<search> Ana </sear"))


def test_decoding_under_a_bf16_run_is_plain_fp32_on_cpu_unless_told_otherwise(
    assets, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """rollout.decode_precision: "auto" decodes a CPU bf16 run's rollouts exactly as an
    fp32 run would; "run" keeps the run's bf16 autocast."""
    from dataclasses import replace as _replace

    import searchr2.rollout.loop as loop
    from searchr2.config.load import resolve_config
    from searchr2.model.precision import autocast
    from searchr2.rollout.loop import RolloutSettings, run_rollouts
    from searchr2.rollout.trajectory import Trajectory
    from searchr2.run.policy import load_run_policy
    from searchr2.text.prompt import build_prompt

    policy = load_run_policy(resolve_config("test"), assets)
    tok = policy.tokenizer
    settings = RolloutSettings(4, 16, 1024, 1, 1.0, greedy=True, prompt="compact")
    cpu = torch.device("cpu")
    autocast_seen: list[bool] = []

    def recording_generate(*args, **kwargs):  # type: ignore[no-untyped-def]
        autocast_seen.append(torch.is_autocast_enabled("cpu"))
        return generate(*args, **kwargs)

    monkeypatch.setattr(loop, "generate", recording_generate)

    def roll(precision: str, decode: str) -> list[list[int]]:
        autocast_seen.clear()
        ts = [
            Trajectory(q, tok.encode(build_prompt(q.question, "compact"), add_special_tokens=False))
            for q in policy.train[:8]
        ]
        with torch.no_grad(), autocast(precision, cpu):  # type: ignore[arg-type]
            run_rollouts(policy.env, ts, _replace(settings, decode_precision=decode))
        return [t.response_ids for t in ts]

    fp32 = roll("fp32", "run")
    assert roll("bf16", "auto") == fp32
    assert autocast_seen and not any(autocast_seen)
    assert roll("bf16", "fp32") == fp32
    assert not any(autocast_seen)
    roll("bf16", "run")
    assert autocast_seen and all(autocast_seen)


def test_auto_precision_on_cpu_follows_native_bf16(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a CPU without native bf16, emulated bf16 autocast ran 21x slower than fp32."""
    from searchr2.model import precision

    cpu = torch.device("cpu")
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: False)
    assert precision.resolve_precision("auto", cpu) == "fp32"
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: True)
    assert precision.resolve_precision("auto", cpu) == "bf16"
    assert precision.resolve_precision("bf16", cpu) == "bf16"  # an explicit choice stands
