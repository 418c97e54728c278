"""Token sampling draws from the distribution it is given, row by row, reproducibly."""

from __future__ import annotations

import torch

from searchr2.model.sampling import sample_rows


def test_draw_frequencies_follow_the_probabilities() -> None:
    p = torch.tensor([0.5, 0.2, 0.2, 0.1, 0.0])
    n = 40_000
    tokens = sample_rows(p.expand(n, -1), torch.Generator().manual_seed(0))
    counts = torch.bincount(tokens, minlength=5).double()
    expected = p.double() * n
    sd = (n * p.double() * (1 - p.double())).sqrt()
    assert counts[4] == 0  # probability zero is never drawn
    assert torch.all((counts[:4] - expected[:4]).abs() < 5 * sd[:4]), counts.tolist()


def test_each_row_draws_from_its_own_distribution() -> None:
    vocab = 892
    rows = torch.tensor([0, 3, 500, vocab - 1])
    probs = torch.zeros(len(rows), vocab)
    probs[torch.arange(len(rows)), rows] = 1.0
    for seed in range(20):
        assert sample_rows(probs, torch.Generator().manual_seed(seed)).tolist() == rows.tolist()


def test_a_seeded_generator_replays_the_same_draws() -> None:
    probs = torch.softmax(torch.randn(64, 892, generator=torch.Generator().manual_seed(1)), -1)
    first = sample_rows(probs, torch.Generator().manual_seed(7))
    again = sample_rows(probs, torch.Generator().manual_seed(7))
    other = sample_rows(probs, torch.Generator().manual_seed(8))
    assert torch.equal(first, again)
    assert not torch.equal(first, other)


def test_unnormalised_rows_are_scaled_by_their_total() -> None:
    # softmax in float32 sums to 1 only within rounding; a row summing to 2 is the same
    # distribution as its half.
    p = torch.tensor([[1.0, 1.0, 0.0, 0.0]])
    tokens = sample_rows(p.expand(20_000, -1) * 2, torch.Generator().manual_seed(3))
    share = float((tokens == 0).double().mean())
    assert 0.48 < share < 0.52
    assert int(tokens.max()) <= 1
