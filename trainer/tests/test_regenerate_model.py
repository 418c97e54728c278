"""Regenerate from step k with the test preset's real tiny model, in process and over stdio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from searchr2.config.load import resolve_config
from searchr2.protocol.schema import validation_errors
from searchr2.regenerate.desk import RegenerateRequest
from searchr2.regenerate.rebuild import item_of, rebuild
from searchr2.regenerate.serve import RegenerateContext, regenerate
from searchr2.rl.reward import score_trajectories
from searchr2.rollout.loop import RolloutSettings, run_rollouts
from searchr2.rollout.record import rollout_to_dict
from searchr2.rollout.trajectory import Trajectory
from searchr2.run.policy import Policy, load_run_policy
from searchr2.text.prompt import encode_prompt

SETTINGS = RolloutSettings(
    max_turns=3, max_new_tokens=16, max_length=1024, top_k=1, temperature=1.0, prompt="compact"
)


@pytest.fixture(scope="module")
def policy(assets: Path) -> Policy:
    return load_run_policy(resolve_config("test"), assets)


@pytest.fixture(scope="module")
def published(policy: Policy) -> list[tuple[Trajectory, dict[str, Any]]]:
    """Real rollouts and their published records, with at least one multi-step one."""
    tok = policy.tokenizer
    trajectories = [
        Trajectory(q, encode_prompt(tok, q.question, "compact")) for q in policy.train[:12]
    ]
    run_rollouts(policy.env, trajectories, SETTINGS, torch.Generator().manual_seed(3))
    scores = score_trajectories(trajectories, None)
    records = [
        rollout_to_dict(t, rollout_id=f"s1-{t.item.id}-g{i}", step=1, group_id="g", score=s,
                        advantage=0.0)
        for i, (t, s) in enumerate(zip(trajectories, scores, strict=True))
    ]  # fmt: skip
    assert any(len(t.turns) >= 2 for t in trajectories), "need a trajectory with 2+ steps"
    return list(zip(trajectories, records, strict=True))


def _context(policy: Policy, seed: int = 0) -> RegenerateContext:
    return RegenerateContext(
        env=policy.env,
        tokenizer=policy.tokenizer,
        settings=SETTINGS,
        judge=None,
        questions={q.id: q for q in policy.train},
        run_seed=seed,
        should_abort=lambda: False,
    )


def test_a_published_rollout_rebuilds_to_the_same_text_step_by_step(
    policy: Policy, published: list[tuple[Trajectory, dict[str, Any]]]
) -> None:
    tok = policy.tokenizer

    def steps(t: Trajectory) -> list[str]:
        # Each step's text with the tool output it triggered; the last step's output is not
        # recorded and a cut never keeps it, so the text runs to the last step's start only.
        p, starts = len(t.prompt_ids), [*t.turn_starts[1:], None]
        return [tok.decode(t.context[p + a : None if b is None else p + b]) for a, b in
                zip(t.turn_starts, starts, strict=True)][:-1]  # fmt: skip

    for original, record in published:
        again = rebuild(record, item_of(record, {}), tok, "compact")
        assert again.prompt_ids == original.prompt_ids
        assert len(again.turns) == len(original.turns)
        # Text, not ids: the model may sample a word as pieces the tokenizer would not split.
        assert steps(again) == steps(original)
        assert [t.action for t in again.turns] == [t.action for t in original.turns]


def test_regenerating_keeps_the_prefix_and_generates_a_new_scored_suffix(
    policy: Policy, published: list[tuple[Trajectory, dict[str, Any]]]
) -> None:
    original, record = next((t, r) for t, r in published if len(t.turns) >= 2)
    training = torch.Generator().manual_seed(11)
    before = training.get_state().clone()
    request = RegenerateRequest("c8", record, 2)
    event = regenerate(request, _context(policy), policy_step=5)
    assert validation_errors(event, "Event") == []
    assert event["id"] == "c8" and event["from_step"] == 2 and event["policy_step"] == 5
    assert event["kept_turns"] == record["turns"][:1]
    assert event["original_turns"] == record["turns"][1:]
    assert 1 <= len(event["turns"]) <= SETTINGS.max_turns
    assert event["em"] in (0.0, 1.0) and event["reward"] == event["em"]
    assert torch.equal(training.get_state(), before), "no shared generator was used"
    # Same policy, same request: the same regeneration (its own seeded generator).
    again = regenerate(request, _context(policy), policy_step=5)
    assert again["turns"] == event["turns"] and again["seed"] == event["seed"]
    other = regenerate(RegenerateRequest("c9", record, 1), _context(policy), policy_step=5)
    assert other["kept_turns"] == [] and other["original_turns"] == record["turns"]
    assert original.turns, "the original trajectory is untouched"


def test_over_stdio_a_paused_run_regenerates_and_keeps_it_in_the_run_folder(
    assets: Path, tmp_path: Path
) -> None:
    import json

    from .trainer_process import TrainerProcess

    run_dir = tmp_path / "run"
    trainer = TrainerProcess(run_dir, max_steps=1000)
    try:
        rollout = trainer.wait_for(lambda e: e["type"] == "rollout")["rollout"]
        trainer.send({"type": "pause", "id": "c1"})
        trainer.wait_for(lambda e: e["type"] == "paused")
        steps = len(rollout["turns"])
        trainer.send({"type": "regenerate", "id": "c2", "rollout_id": rollout["id"], "step": steps})
        trainer.send({"type": "regenerate", "id": "c3", "rollout_id": "nope", "step": 1})
        done = trainer.wait_for(lambda e: e["type"] == "regenerated")
        assert done["id"] == "c2" and done["rollout_id"] == rollout["id"]
        assert done["kept_turns"] == rollout["turns"][: steps - 1]
        refused = next(e for e in trainer.events() if e.get("id") == "c3")
        assert refused["type"] == "error" and "nope" in refused["message"]
        # Served while paused: the run is still paused and trained no step meanwhile.
        assert not any(e["type"] == "resumed" for e in trainer.events())
        saved = (run_dir / "regenerations.jsonl").read_text("utf-8").splitlines()
        assert [json.loads(line) for line in saved] == [done]
    finally:
        trainer.send({"type": "stop", "id": "c9"})
        assert trainer.finish() == 0, trainer.stderr[-2000:]
