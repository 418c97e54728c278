"""The step scorer's term (spec section 5.3): R stays r_outcome * (1 + r_process); the
advantage gains lambda_h * (r_prm - the group's mean r_prm); the scorer is refitted as
labels and refiner decisions arrive."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from searchr2.protocol.schema import validation_errors
from searchr2.rl.advantage import group_advantages, scorer_advantages
from searchr2.rl.reward import CollectionScore, Score, with_human, with_prm
from searchr2.scorer.online import OnlineScorer, r_prm_of

from .trainer_process import TrainerProcess

# --- the formula -------------------------------------------------------------------------


def _score(em: float, useful: list[float]) -> Score:
    collections = tuple(CollectionScore(i, u, "support") for i, u in enumerate(useful))
    r_process = sum(useful) / len(useful) if useful else 0.0
    return Score(em, em, r_process, em * (1 + r_process), collections, 0)


def test_r_prm_is_the_mean_probability_that_a_step_is_not_flawed() -> None:
    assert r_prm_of([0.0, 0.0]) == 1.0
    assert r_prm_of([0.2, 0.6, 1.0]) == pytest.approx((0.8 + 0.4 + 0.0) / 3)
    assert r_prm_of([]) is None  # no steps: no term


@pytest.mark.parametrize(("em", "useful"), [(1.0, [1.0, 0.0]), (0.0, [1.0]), (1.0, [])])
def test_r_prm_rides_with_the_score_and_leaves_the_hybrid_reward_alone(
    em: float, useful: list[float]
) -> None:
    base = _score(em, useful)
    scored = with_prm(base, 0.75)
    assert scored.reward == base.reward == em * (1 + base.r_process)
    assert (scored.r_prm, scored.r_outcome) == (0.75, em)


def test_a_human_collection_verdict_keeps_the_prm_term() -> None:
    scored = with_prm(_score(1.0, [1.0, 1.0]), 0.5)
    relabelled = with_human(scored, {1: 0.0})
    assert relabelled.r_process == 0.5 and relabelled.reward == pytest.approx(1.5)
    assert relabelled.r_prm == 0.5


def test_the_scorer_term_is_lambda_times_r_prm_about_the_group_mean() -> None:
    groups = ["a", "a", "a", "b", "b", "c"]
    r_prm = [0.9, 0.6, None, 0.2, 0.4, 0.7]
    term = scorer_advantages(r_prm, groups, 0.5)
    # Group a: mean of the two scored, 0.75; the unscored member gets nothing; group c
    # has one scored member, no baseline.
    assert term == pytest.approx([0.5 * 0.15, -0.5 * 0.15, 0.0, -0.05, 0.05, 0.0])
    assert scorer_advantages(r_prm, groups, 0.0) == [0.0] * 6


def test_in_a_group_of_wrong_answers_the_scorer_does_not_become_a_full_size_advantage() -> None:
    """The regression this term was moved out of R for: five wrong answers, the scorer
    preferring one a little. Added to R, GRPO's division by the group's spread turned
    that preference into a unit advantage; as its own term it stays lambda_h-sized."""
    groups = ["q"] * 5
    r_prm = [0.62, 0.60, 0.60, 0.60, 0.60]
    added_to_reward = group_advantages([0.2 * r for r in r_prm], groups, 1e-6)
    assert max(added_to_reward) > 1.5  # the old behaviour: a tiny preference, amplified
    term = scorer_advantages(r_prm, groups, 0.2)
    assert max(abs(t) for t in term) < 0.01


# --- the refit ---------------------------------------------------------------------------


def _turn(action: str, content: str) -> dict[str, Any]:
    key = "query" if action == "search" else "answer"
    return {"text": "", "think": None, "action": action, key: content}


def _rollout(rollout_id: str, cut: int | None) -> dict[str, Any]:
    turns = [
        _turn("search", "weather forecast"),
        _turn("search", "Anna Berg employer"),
        _turn("answer", "Oslo"),
    ]
    out: dict[str, Any] = {
        "id": rollout_id,
        "question": "Where is the company Anna Berg works for based?",
        "turns": turns,
    }
    if cut is not None:
        out["refiner"] = {"cut_step": cut, "kept_turns": 3, "dropped_turns": []}
    return out


def test_the_scorer_refits_only_when_labels_or_refiner_decisions_change() -> None:
    prm = OnlineScorer()
    first = _rollout("r1", None)
    assert not prm.refresh()  # nothing to learn from yet
    assert prm.score(first["question"], first["turns"]) is None
    prm.observe([first])  # no refiner decision on it: still nothing
    assert not prm.refresh()
    prm.observe([_rollout("r2", 0)])  # the refiner judged every step fine
    assert prm.refresh() and prm.last_fit["refiner"] == 3
    assert not prm.refresh()  # nothing new: no refit
    before = prm.score(first["question"], first["turns"])
    assert before is not None and len(before.p_flawed) == 3
    label = {"id": "L1", "rollout_id": "r1", "step": 1, "cut": 1}
    prm.sync_labels({"L1": label})
    assert prm.refresh() and prm.last_fit["human"] == 1  # step 1 flawed, later unjudged
    after = prm.score(first["question"], first["turns"])
    assert after is not None
    # The person said the vague first search is the mistake: the scorer now agrees more.
    assert after.p_flawed[0] > before.p_flawed[0] + 0.05
    assert after.r_prm < before.r_prm
    prm.sync_labels({"L1": dict(label)})  # the same version again
    assert not prm.refresh()
    prm.sync_labels({})  # withdrawn
    assert prm.refresh() and prm.last_fit["human"] == 0


def test_a_label_on_an_older_rollout_is_looked_up() -> None:
    prm = OnlineScorer()
    asked: list[set[str]] = []

    def lookup(wanted: set[str]) -> dict[str, dict[str, Any]]:
        asked.append(set(wanted))
        return {"old": _rollout("old", None)}

    prm.sync_labels({"L": {"id": "L", "rollout_id": "old", "step": 1, "cut": 0}}, lookup)
    assert asked == [{"old"}] and prm.refresh() and prm.last_fit["human"] == 3
    unknown = {"id": "U", "rollout_id": "gone", "step": 1, "cut": 0}
    labels = {"L": {"id": "L", "rollout_id": "old", "step": 1, "cut": 0}, "U": unknown}
    prm.sync_labels(labels, lookup)
    prm.sync_labels(labels, lookup)  # the unknown rollout is not searched for again
    assert asked == [{"old"}, {"gone"}] and not prm.refresh()


# --- the running trainer -------------------------------------------------------------------


def _rollouts(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (run_dir / "rollouts.jsonl").read_text().splitlines()]


def _metrics(run_dir: Path) -> dict[int, dict[str, Any]]:
    rows = [json.loads(x) for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    return {r["step"]: r for r in rows if r["phase"] == "train"}


def _train(run_dir: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "searchr2", "train", "--preset", "test"]
    command += ["--max-steps", "2", "--run-dir", str(run_dir), "--log-level", "warning"]
    command += ["--set", "train.eval_at_end=false", "--set", "train.checkpoint_every=0", *extra]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)


def test_with_lambda_zero_nothing_is_scored_and_lambda_moves_only_the_advantages(
    assets: Path, tmp_path: Path
) -> None:
    _train(tmp_path / "off")
    _train(tmp_path / "on", "--set", "labels.prm_weight=0.5")
    off, on = _rollouts(tmp_path / "off"), _rollouts(tmp_path / "on")
    assert [r["id"] for r in off] == [r["id"] for r in on]
    assert all("r_prm" not in r for r in off)
    # Step 1: no scorer yet (nothing learnt), so the same rewards, advantages and update;
    # step 2 has the same trajectories, scored by a scorer fitted on step 1's decisions.
    step2: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for a, b in zip(off, on, strict=True):
        assert a["turns"] == b["turns"]
        assert b["reward"] == a["reward"] == a["r_outcome"] * (1 + a["r_process"])
        if b["step"] == 1:
            assert "r_prm" not in b and b["advantage"] == a["advantage"]
        else:
            step2.setdefault(b["group_id"], []).append((a, b))
    scored = 0
    for pairs in step2.values():
        prms = [b["r_prm"] for _, b in pairs if "r_prm" in b]
        for a, b in pairs:
            if "r_prm" in b and len(prms) > 1:
                scored += 1
                expected = a["advantage"] + 0.5 * (b["r_prm"] - sum(prms) / len(prms))
                assert b["advantage"] == pytest.approx(expected, abs=1e-6)
                assert len(b["prm_p_flawed"]) == len(b["turns"])
                assert validation_errors(b, "Rollout") == []
    assert scored > 0
    metrics = _metrics(tmp_path / "on")
    assert "r_prm_mean" not in metrics[1] and 0.0 <= metrics[2]["r_prm_mean"] <= 1.0
    assert metrics[2]["prm_refit"] == 1.0 and metrics[2]["prm_fit_examples"] > 0
    assert "r_prm_mean" not in _metrics(tmp_path / "off")[2]


def test_a_human_label_enters_the_scorer_of_the_running_trainer(
    assets: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "run"
    trainer = TrainerProcess(run_dir, "--set", "labels.prm_weight=1.0", max_steps=2)
    first = trainer.wait_for(lambda e: e["type"] == "rollout")["rollout"]
    trainer.send({"type": "pause", "id": "p"})
    trainer.wait_for(lambda e: e["type"] == "paused")
    label = {"id": "H", "rollout_id": first["id"], "step": 1, "cut": len(first["turns"])}
    trainer.send({"type": "label", "id": "c", "label": label})
    trainer.wait_for(lambda e: e["type"] == "label_ack" and e["id"] == "H")
    trainer.send({"type": "resume", "id": "r"})
    assert trainer.finish(timeout=240) == 0, trainer.stderr[-3000:]
    step2 = _metrics(run_dir)[2]
    assert step2["prm_fit_human"] == len(first["turns"]) and step2["prm_refit"] == 1.0
    assert all("r_prm" in r for r in _rollouts(run_dir) if r["step"] == 2)
