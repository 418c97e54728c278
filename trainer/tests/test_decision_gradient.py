"""refiner.decision_gradient = "last_token": a decision token's log-probability is the
full pass's, its gradient stays at the answer position, and joint GRPO still moves it."""

from __future__ import annotations

import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM

from searchr2.rl.batch import last_token_logprobs, left_pack_last_token, pack, token_logprobs
from searchr2.rl.update import GRPOSettings, TrainSequence, grpo_update

PAD = 0
# Context-only tokens (10..19) never appear as the answer position's input.
DECISIONS = [[5, 10, 11, 12, 13, 14, 2, 30], [5, 15, 16, 2, 31], [5, 17, 18, 19, 11, 2, 32]]


def _model() -> LlamaForCausalLM:
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=40,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=64,
        tie_word_embeddings=False,
    )
    return LlamaForCausalLM(config).eval()


def test_last_token_logprobs_equal_the_full_pass_at_the_answer() -> None:
    model = _model()
    full = token_logprobs(model, pack(DECISIONS, [[1] * len(d) for d in DECISIONS], PAD))
    last = last_token_logprobs(model, left_pack_last_token(DECISIONS, PAD))
    for row, ids in enumerate(DECISIONS):
        assert abs(last[row, 0].item() - full[row, len(ids) - 2].item()) < 1e-5


def test_gradient_stays_at_the_answer_position() -> None:
    def embedding_grad(last_only: bool) -> torch.Tensor:
        model = _model()
        if last_only:
            logp = last_token_logprobs(model, left_pack_last_token(DECISIONS, PAD))
        else:
            batch = pack(DECISIONS, [[0] * (len(d) - 1) + [1] for d in DECISIONS], PAD)
            logp = token_logprobs(model, batch) * batch.target_mask
        logp.sum().backward()
        grad = model.get_input_embeddings().weight.grad
        assert grad is not None
        return grad

    context_rows = list(range(10, 20))
    assert embedding_grad(False)[context_rows].abs().sum() > 0
    truncated = embedding_grad(True)
    assert truncated[context_rows].abs().sum() == 0
    assert truncated[2].abs().sum() > 0  # the position that answers still learns


def test_joint_update_raises_a_rewarded_decision_token() -> None:
    model = _model()
    batch = left_pack_last_token(DECISIONS, PAD)
    before = last_token_logprobs(model, batch).detach()
    trajectory = TrainSequence([5, 6, 7, 8, 9], [0, 0, 1, 1, 1], 1.0)
    decisions = [TrainSequence(d, [0] * (len(d) - 1) + [1], 1.0, True) for d in DECISIONS]
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    stats = grpo_update(
        model,
        None,
        optimizer,
        [trajectory, *decisions],
        GRPOSettings(0.2, 0.0, 1, 1.0),
        PAD,
        "fp32",
    )
    after = last_token_logprobs(model, batch).detach()
    assert torch.all(after > before)
    assert stats["clip_fraction"] == 0.0  # on-policy: the ratio started at exactly 1


def test_kept_refiner_contexts_give_the_same_log_probs_and_update() -> None:
    from searchr2.refiner.decide import step_logprobs

    model = _model()
    prompts = [d[:-1] for d in DECISIONS]
    targets = [d[-1] for d in DECISIONS]
    judged = step_logprobs(model, prompts, [0] * 3, targets, PAD, keep_context=True)
    plain = step_logprobs(model, prompts, [0] * 3, targets, PAD)
    for kept, fresh in zip(judged, plain, strict=True):
        assert kept.context is not None
        assert abs(kept.step_logprobs[0] - fresh.step_logprobs[0]) < 1e-5

    def updated(with_contexts: bool) -> torch.Tensor:
        model = _model()
        sequences = [
            TrainSequence(
                d, [0] * (len(d) - 1) + [1], 1.0, True, j.context if with_contexts else None
            )
            for d, j in zip(DECISIONS, judged, strict=True)
        ]
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
        grpo_update(model, None, optimizer, sequences, GRPOSettings(0.2, 0.0, 1, 1.0), PAD, "fp32")
        return last_token_logprobs(model, left_pack_last_token(DECISIONS, PAD)).detach()

    assert torch.allclose(updated(True), updated(False), atol=1e-5)


def test_an_update_with_no_refiner_decision_trains_the_trajectories_alone() -> None:
    # A step where the refiner judged nothing (every trajectory unjudgeable) has no
    # last-token sequences at all; the update must still run on the trajectories.
    model = _model()
    sequences = [TrainSequence(d, [0] + [1] * (len(d) - 1), 1.0) for d in DECISIONS]
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    before = [p.detach().clone() for p in model.parameters()]
    grpo_update(model, None, optimizer, sequences, GRPOSettings(0.2, 0.0, 1, 1.0), PAD, "fp32")
    assert any(not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


def test_refiner_batches_by_length_and_answers_in_the_prompts_order() -> None:
    from searchr2.refiner.decide import step_logprobs

    model = _model()
    # Lengths 8, 3, 6, 4, 7: chunks of two group them by length, not by position.
    prompts = [[5, 10, 11, 12, 13, 14, 2, 3], [5, 15, 2], [5, 17, 18, 19, 11, 2], [5, 16, 2, 4],
               [5, 12, 13, 14, 15, 16, 2]]  # fmt: skip
    steps = [3, 1, 2, 0, 3]
    digits = [30, 31, 32, 33]
    batched = step_logprobs(model, prompts, steps, digits, PAD, batch_size=2)
    for prompt, n, judged in zip(prompts, steps, batched, strict=True):
        alone = step_logprobs(model, [prompt], [n], digits, PAD)[0]
        assert len(judged.step_logprobs) == n + 1
        assert judged.step_logprobs == pytest.approx(alone.step_logprobs, abs=1e-5)
