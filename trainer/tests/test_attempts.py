"""refiner.train_dropped: an attempt the Meta-Refiner cut is scored, joins its GRPO group,
and its dropped suffix (or its flawed step) is trained with its own advantage; with real
rollouts too."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from searchr2.config.load import resolve_config
from searchr2.refiner.decide import Verdict
from searchr2.refiner.reviser import Decision, MetaRefiner
from searchr2.retrieval.types import Hit, Passage
from searchr2.rl.attempts import (
    advantages_with_attempts,
    dropped_sequence,
    replaced_attempts,
)
from searchr2.rollout.loop import RolloutSettings, run_rollouts
from searchr2.rollout.trajectory import Trajectory, TurnRecord
from searchr2.run.policy import Policy, load_run_policy
from searchr2.text.prompt import build_prompt


class _Item:
    def __init__(self) -> None:
        self.id, self.question, self.data_source = "q1", "Where was Ana born?", "t"
        self.golden_answers, self.supporting_ids = ["Lima"], ["p1"]


def _search(query: str) -> TurnRecord:
    hit = Hit(Passage("p-" + query, f'"{query}"\n{query} text'), 1.0)
    return TurnRecord(f"<search> {query} </search>", None, "search", query, hits=[hit])


def _three_steps() -> Trajectory:
    t = Trajectory(_Item(), prompt_ids=[1, 2])
    t.add_turn([10, 11], _search("Ana"))
    t.add_environment([90, 91])
    t.add_turn([12, 13], _search("Quito"))
    t.add_environment([92])
    t.add_turn([14], TurnRecord("<answer> Quito </answer>", None, "answer", "Quito"))
    t.done = True
    return t


def _cut_at(t: Trajectory, step: int) -> Decision:
    verdict = Verdict([0.0] * 4, -1.0, -0.5, 0.5, True, step)
    decision = Decision("v", verdict, [1], 7, 3, attempt=t.attempt())
    decision.dropped_turns = t.cut(step)
    t.refinements.append(decision)
    return decision


def test_the_attempt_is_the_trajectory_as_it_stood_before_the_cut() -> None:
    t = _three_steps()
    before = (list(t.response_ids), list(t.loss_mask), [x.content for x in t.turns])
    decision = _cut_at(t, 2)
    attempt = decision.attempt
    assert attempt is not None and attempt.done and attempt.kv is None
    assert (attempt.response_ids, attempt.loss_mask, [x.content for x in attempt.turns]) == before
    assert t.response_ids == [10, 11, 90, 91]  # the cut trajectory moved on; the copy did not
    assert attempt.final_answer == "Quito"


def test_dropped_suffix_trains_the_model_written_tokens_from_the_cut_on() -> None:
    t = _three_steps()
    _cut_at(t, 2)
    (attempt,) = replaced_attempts([t], ["g"])
    sequence = dropped_sequence(attempt, -0.5, flawed_step_only=False)
    assert sequence.ids == [1, 2, 10, 11, 90, 91, 12, 13, 92, 14]
    # Prompt and kept prefix untrained (the final trajectory trains the prefix); the
    # retrieved token 92 stays masked as in every trajectory.
    assert sequence.mask == [0, 0, 0, 0, 0, 0, 1, 1, 0, 1]
    assert sequence.advantage == -0.5


def test_flawed_step_only_trains_the_named_step_and_runs_no_further() -> None:
    t = _three_steps()
    _cut_at(t, 2)
    (attempt,) = replaced_attempts([t], ["g"])
    sequence = dropped_sequence(attempt, -0.5, flawed_step_only=True)
    # Step 2's own tokens (12, 13); its tool output and the answer after it are not run.
    assert sequence.ids == [1, 2, 10, 11, 90, 91, 12, 13]
    assert sequence.mask == [0, 0, 0, 0, 0, 0, 1, 1]
    answer = _three_steps()
    _cut_at(answer, 3)
    (last,) = replaced_attempts([answer], ["g"])
    assert dropped_sequence(last, 1.0, flawed_step_only=True).mask[-1:] == [1]
    assert dropped_sequence(last, 1.0, True).ids == dropped_sequence(last, 1.0, False).ids


def test_attempts_share_their_groups_mean_and_std_with_the_final_trajectories() -> None:
    cut = _three_steps()
    _cut_at(cut, 3)
    kept = _three_steps()
    attempts = replaced_attempts([cut, kept], ["g", "g"])
    assert len(attempts) == 1  # only a cut replaces an attempt
    finals, extra = advantages_with_attempts([1.0, 0.0], ["g", "g"], attempts, [0.0], 1e-6)
    # Group {1, 0, 0}: mean 1/3, unbiased std 0.577.
    assert finals[0] == pytest.approx((1 - 1 / 3) / 0.57735, rel=1e-4)
    assert finals[1] == pytest.approx(extra[0])
    assert extra[0] == pytest.approx((0 - 1 / 3) / 0.57735, rel=1e-4)
    # Without attempts the group is the final trajectories alone, as GRPO has it.
    alone, none = advantages_with_attempts([1.0, 0.0], ["g", "g"], [], [], 1e-6)
    assert none == [] and alone[0] == pytest.approx(0.7071, rel=1e-3)


def cut_everything(assets: Path, **hook: bool) -> tuple[Policy, list[Trajectory]]:
    """Six real rollouts of the test preset, every one revised once by the Meta-Refiner
    (``hook``: its keep_* switches)."""
    config = resolve_config("test")
    policy = load_run_policy(config, assets)
    tok = policy.tokenizer
    settings = RolloutSettings(
        max_turns=3, max_new_tokens=16, max_length=1024, top_k=1, temperature=1.0,
        prompt="compact",
    )  # fmt: skip
    trajectories = [
        Trajectory(q, tok.encode(build_prompt(q.question, "compact"), add_special_tokens=False))
        for q in policy.train[:6]
    ]
    refiner_config = replace(config.refiner, margin=-100.0)  # revise everything
    gen = torch.Generator().manual_seed(0)
    refiner = MetaRefiner(policy.model, tok, "compact", refiner_config, 1024, gen, **hook)
    run_rollouts(policy.env, trajectories, settings, gen, on_finished=refiner)
    return policy, trajectories


def test_real_cuts_keep_their_attempts_only_when_asked(assets: Path) -> None:
    for keep in (True, False):
        _, trajectories = cut_everything(assets, keep_attempts=keep)
        for t in trajectories:
            (decision,) = t.refinements
            if not keep:
                assert decision.attempt is None
                continue
            attempt = decision.attempt
            assert attempt is not None and len(attempt.turns) == decision.n_steps
            keep_at = attempt.turn_starts[decision.verdict.cut_step - 1]
            # The final trajectory continues the attempt's kept prefix token for token.
            assert t.response_ids[:keep_at] == attempt.response_ids[:keep_at]
            assert attempt.turns[decision.verdict.cut_step - 1 :] == decision.dropped_turns


def test_a_training_run_records_and_trains_the_attempts(assets: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    subprocess.run(
        [sys.executable, "-m", "searchr2", "train", "--preset", "test", "--max-steps", "2",
         "--run-dir", str(run_dir), "--set", "refiner.train_dropped=flawed_step",
         "--set", "refiner.margin=-100", "--log-level", "warning"],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    metrics = [json.loads(x) for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    rollouts = [json.loads(x) for x in (run_dir / "rollouts.jsonl").read_text().splitlines()]
    revised = [r for r in rollouts if r["refiner"]["decision"] == "revise"]
    assert revised and all("attempt_advantage" in r["refiner"] for r in revised)
    train = [m for m in metrics if m["phase"] == "train"]
    assert [m["attempts_trained"] for m in train] == [
        float(sum(r["step"] == m["step"] for r in revised)) for m in train
    ]
    for step in {r["step"] for r in rollouts}:
        # Each group's finals and attempts together are normalised: advantages sum to 0.
        for group in {r["group_id"] for r in rollouts if r["step"] == step}:
            members = [r for r in rollouts if r["group_id"] == group]
            total = sum(r["advantage"] for r in members) + sum(
                r["refiner"].get("attempt_advantage", 0.0) for r in members
            )
            assert total == pytest.approx(0.0, abs=1e-6)
