"""Drawing one token per row from next-token probabilities.

torch.multinomial costs about 1.1 ms for 40 rows of the demo's 892-token vocabulary on
one CPU thread, a tenth of a whole decoding pass at that batch size; inverting each
row's cumulative distribution at one uniform draw costs 57 us and draws from the same
distribution (`bench/sampling.py`, stop 14). Both consume the run's seeded generator,
so a resumed run still replays its tokens exactly.
"""

from __future__ import annotations

import torch


def sample_rows(probs: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """One index per row of ``probs`` ([rows, vocab], each row summing to about 1)."""
    # float64 sums keep a row's last cumulative value within rounding of its total,
    # so a draw lands past the end only with a zero-probability tail, handled below.
    cumulative = probs.double().cumsum(-1)
    draws = torch.rand(
        (probs.shape[0], 1), generator=generator, dtype=torch.float64, device=probs.device
    )
    # right=True: the first index whose cumulative sum exceeds the draw, so a token of
    # probability zero (a cumulative step of zero) is never the answer.
    tokens = torch.searchsorted(cumulative, draws * cumulative[:, -1:], right=True)
    return tokens.squeeze(-1).clamp_(max=probs.shape[-1] - 1)
