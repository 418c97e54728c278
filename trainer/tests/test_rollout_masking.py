"""Real rollouts with the test preset's tiny model: what gets trained on and what not."""

from __future__ import annotations

import torch

from searchr2.config.load import resolve_config
from searchr2.rl.batch import pack
from searchr2.rollout.loop import RolloutSettings, run_rollouts
from searchr2.rollout.trajectory import Trajectory
from searchr2.run.policy import load_run_policy
from searchr2.text.prompt import build_prompt, information_block, invalid_action_feedback


def test_only_model_tokens_are_trained_on(assets) -> None:  # type: ignore[no-untyped-def]
    config = resolve_config("test")
    policy = load_run_policy(config, assets)
    tok = policy.tokenizer
    # Sampling at a high temperature from a barely trained model yields every kind of
    # turn: searches (documents appended), invalid turns (feedback appended), answers.
    settings = RolloutSettings(
        max_turns=3, max_new_tokens=12, max_length=1024, top_k=3, temperature=3.0
    )
    trajectories = [
        Trajectory(q, tok.encode(build_prompt(q.question), add_special_tokens=False))
        for q in policy.train[:6]
    ]
    run_rollouts(policy.env, trajectories, settings, torch.Generator().manual_seed(0))
    for t in trajectories:
        assert len(t.loss_mask) == len(t.response_ids)
        masked = tok.decode([i for i, m in zip(t.response_ids, t.loss_mask, strict=True) if m == 0])
        trained_ids = [i for i, m in zip(t.response_ids, t.loss_mask, strict=True) if m == 1]
        trained = tok.decode(trained_ids, skip_special_tokens=True)
        assert "".join(turn.text for turn in t.turns) == trained
        expected_env = ""
        for turn in t.turns:
            if turn.action == "search" and turn.executed:
                expected_env += information_block([h.passage for h in turn.hits])
            elif turn.feedback is not None:
                expected_env += invalid_action_feedback()
        assert masked == expected_env
        assert len(t.turns) <= settings.max_turns + 1
    assert any(t.turns[0].action == "invalid" for t in trajectories)
    assert any(turn.feedback for t in trajectories for turn in t.turns)
    batch = pack(
        [t.context for t in trajectories],
        [[0] * len(t.prompt_ids) + t.loss_mask for t in trajectories],
        int(tok.pad_token_id),
    )
    assert batch.n_tokens == sum(sum(t.loss_mask) for t in trajectories)
