"""refiner.attempt_gradient = "dropped": a cut attempt's dropped tokens are trained from the
kept prefix's cached keys and values; their log-probabilities are the full pass's, the
gradient stays on their own positions, and the reference never runs over the prefix."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from searchr2.model.kv import RowCache, layer_tensors
from searchr2.rl.attempts import Attempt, dropped_sequence
from searchr2.rl.batch import cached_tail_logprobs, left_pack_tails, pack, token_logprobs
from searchr2.rl.update import GRPOSettings, TrainSequence, grpo_update

from .test_attempts import cut_everything
from .test_decision_gradient import PAD, _model

# Prefix-only tokens (10..19) never occur in a dropped step (20..29).
ATTEMPTS = [([5, 10, 11, 12, 13], [20, 21, 22]), ([5, 14, 15], [23, 24]), ([5, 16, 17, 18], [25])]


def _prefix_cache(model: torch.nn.Module, prefix: list[int]) -> RowCache:
    """The prefix's keys and values but its last token's, as a rollout would keep them."""
    with torch.no_grad():
        out = model(input_ids=torch.tensor([prefix[:-1]]), use_cache=True)
    return RowCache(tuple((k[0], v[0]) for k, v in layer_tensors(out.past_key_values)))


def _sequences(model: torch.nn.Module, advantage: float = 1.0) -> list[TrainSequence]:
    return [
        TrainSequence(
            p + d, [0] * len(p) + [1] * len(d), advantage, context=_prefix_cache(model, p)
        )
        for p, d in ATTEMPTS
    ]


def _tail_batch(sequences: list[TrainSequence]) -> tuple[object, list[RowCache]]:
    contexts = [s.context for s in sequences if s.context is not None]
    tails = [len(s.ids) - 1 - c.length for s, c in zip(sequences, contexts, strict=True)]
    return left_pack_tails(
        [s.ids for s in sequences], [s.mask for s in sequences], tails, PAD
    ), contexts


def test_tail_log_probs_from_a_kept_prefix_equal_the_full_pass() -> None:
    model = _model()
    sequences = _sequences(model)
    batch, contexts = _tail_batch(sequences)
    tail = cached_tail_logprobs(model, batch, contexts)  # type: ignore[arg-type]
    full = token_logprobs(model, pack([s.ids for s in sequences], [s.mask for s in sequences], PAD))
    for row, (prefix, dropped) in enumerate(ATTEMPTS):
        width = tail.shape[1]
        for k in range(len(dropped)):
            # Target k of the dropped step sits at column width - len(dropped) + k.
            got = tail[row, width - len(dropped) + k].item()
            want = full[row, len(prefix) - 1 + k].item()
            assert got == pytest.approx(want, abs=1e-5)
        assert batch.target_mask[row].sum().item() == len(dropped)  # type: ignore[attr-defined]


def test_gradient_stays_on_the_dropped_tokens_positions() -> None:
    model = _model()
    batch, contexts = _tail_batch(_sequences(model))
    logp = cached_tail_logprobs(model, batch, contexts)  # type: ignore[arg-type]
    (logp * batch.target_mask).sum().backward()  # type: ignore[attr-defined]
    grad = model.get_input_embeddings().weight.grad
    assert grad is not None
    read = [t for prefix, _ in ATTEMPTS for t in prefix[1:-1]]  # context only
    assert grad[read].abs().sum() == 0  # the prefix is read, not trained through
    # The prefix's last position predicts the first dropped token: it runs with gradient.
    assert grad[[prefix[-1] for prefix, _ in ATTEMPTS]].abs().sum() > 0
    assert grad[20:25].abs().sum() > 0


class _NoReference(torch.nn.Module):
    def forward(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the reference ran over an attempt read from its kept prefix")


def test_a_negative_attempt_is_pushed_down_without_a_reference_pass() -> None:
    model = _model()
    batch, contexts = _tail_batch(_sequences(model))
    before = cached_tail_logprobs(model, batch, contexts).detach()  # type: ignore[arg-type]
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    grpo_update(
        model,
        _NoReference(),  # type: ignore[arg-type]
        optimizer,
        _sequences(model, advantage=-1.0),
        GRPOSettings(0.2, 0.1, 1, 1.0),
        PAD,
        "fp32",
    )
    # Fresh caches under the updated weights: the dropped tokens are now less likely.
    batch, contexts = _tail_batch(_sequences(model))
    after = cached_tail_logprobs(model, batch, contexts).detach()  # type: ignore[arg-type]
    mask = batch.target_mask.bool()  # type: ignore[attr-defined]
    assert torch.all(after[mask] < before[mask])


def test_real_cut_attempts_keep_their_prefix_cache_and_score_as_a_full_pass(
    assets: Path,
) -> None:
    policy, trajectories = cut_everything(assets, keep_attempts=True, keep_attempt_prefix=True)
    sequences = []
    for t in trajectories:
        (decision,) = t.refinements
        attempt = decision.attempt
        assert attempt is not None and attempt.kv is not None
        kept = len(attempt.prompt_ids) + attempt.turn_starts[decision.verdict.cut_step - 1]
        assert attempt.kv.length == kept - 1
        sequences.append(dropped_sequence(Attempt(decision, attempt, "g"), 1.0, True))
    batch, contexts = _tail_batch(sequences)
    with torch.no_grad():
        tail = cached_tail_logprobs(policy.model, batch, contexts)  # type: ignore[arg-type]
        full = token_logprobs(
            policy.model, pack([s.ids for s in sequences], [s.mask for s in sequences], PAD)
        )
    for row, s in enumerate(sequences):
        trained = [j for j in range(1, len(s.ids)) if s.mask[j]]
        width = tail.shape[1]
        for k, j in enumerate(trained[::-1]):
            assert tail[row, width - 1 - k].item() == pytest.approx(
                full[row, j - 1].item(), abs=1e-4
            )
