import math

import pytest
import torch

from searchr2.rl.advantage import group_advantages
from searchr2.rl.grpo_loss import grpo_loss, low_var_kl


def test_advantage_is_group_normalised_with_unbiased_std() -> None:
    rewards = [1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    groups = ["a", "a", "a", "a", "a", "b"]
    adv = group_advantages(rewards, groups, eps=1e-6)
    mean, std = 0.6, math.sqrt(0.3)  # unbiased std of [1,0,0,1,1]
    assert adv[0] == pytest.approx((1 - mean) / (std + 1e-6))
    assert adv[1] == pytest.approx((0 - mean) / (std + 1e-6))
    assert adv[5] == 0.0  # a group of one has no baseline


def test_identical_rewards_give_zero_advantage() -> None:
    assert group_advantages([1.0, 1.0, 1.0], ["g"] * 3, eps=1e-6) == [0.0, 0.0, 0.0]


def test_masked_tokens_do_not_change_the_loss() -> None:
    logp = torch.tensor([[-1.0, -2.0, -3.0]], requires_grad=True)
    mask = torch.tensor([[1.0, 0.0, 1.0]])
    parts = grpo_loss(logp, logp.detach(), torch.tensor([2.0]), mask, clip_eps=0.2)
    parts.loss.backward()
    assert logp.grad is not None
    assert logp.grad[0, 1].item() == 0.0  # the retrieved token gets no gradient
    assert logp.grad[0, 0].item() == pytest.approx(-1.0)  # -A / n_unmasked = -2 / 2


def test_ratio_is_clipped_for_positive_advantage() -> None:
    old = torch.zeros(1, 1)
    logp = torch.full((1, 1), math.log(1.5), requires_grad=True)
    parts = grpo_loss(logp, old, torch.tensor([1.0]), torch.ones(1, 1), clip_eps=0.2)
    assert parts.loss.item() == pytest.approx(-1.2)
    assert parts.clip_fraction == 1.0
    parts.loss.backward()
    assert logp.grad is not None and logp.grad.item() == 0.0


def test_low_var_kl_is_zero_at_the_reference_and_positive_elsewhere() -> None:
    a = torch.tensor([-1.0, -2.0])
    assert torch.allclose(low_var_kl(a, a), torch.zeros(2))
    assert (low_var_kl(a, a - 0.5) > 0).all()
