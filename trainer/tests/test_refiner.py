"""The Meta-Refiner: decision math, cut mapping, the control prompt, joint sequences,
and real cut-and-regenerate rollouts with the test preset's tiny model."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from searchr2.config.load import resolve_config
from searchr2.refiner.decide import digit_token_ids, verdict_from_logprobs
from searchr2.refiner.prompt import refiner_prompt, render_steps
from searchr2.refiner.reviser import MetaRefiner
from searchr2.retrieval.types import Hit, Passage
from searchr2.rollout.loop import RolloutSettings, run_rollouts
from searchr2.rollout.trajectory import Trajectory, TurnRecord
from searchr2.run.policy import load_run_policy
from searchr2.run.step import training_sequences
from searchr2.text.prompt import build_prompt


class _Item:
    def __init__(self) -> None:
        self.id, self.question, self.data_source = "q1", "Where was Ana born?", "t"
        self.golden_answers, self.supporting_ids = ["Lima"], ["p1"]


def _search(query: str, title: str) -> TurnRecord:
    hit = Hit(Passage("p-" + title, f'"{title}"\n{title} text'), 1.0)
    return TurnRecord(f"<search> {query} </search>", None, "search", query, hits=[hit])


def test_revise_is_logsumexp_of_the_steps_against_keep() -> None:
    lp = [math.log(0.4), math.log(0.1), math.log(0.5)]
    v = verdict_from_logprobs(lp, tau=0.0, cut="argmax")
    assert v.logp_revise == pytest.approx(math.log(0.6))
    assert v.margin == pytest.approx(math.log(0.6) - math.log(0.4))
    assert v.revise and v.cut_step == 2  # the most likely flawed step


def test_margin_tau_keeps_a_trajectory_when_revise_does_not_win_by_enough() -> None:
    lp = [math.log(0.4), math.log(0.1), math.log(0.5)]
    v = verdict_from_logprobs(lp, tau=0.5, cut="argmax")
    assert not v.revise and v.cut_step == 0
    keep = verdict_from_logprobs([math.log(0.9), math.log(0.05), math.log(0.05)], 0.0, "argmax")
    assert not keep.revise


def test_max_score_revises_only_when_a_step_is_the_refiners_greedy_answer() -> None:
    spread = [math.log(0.4), math.log(0.3), math.log(0.3)]
    assert verdict_from_logprobs(spread, 0.0, "argmax").revise  # 0.6 together beats 0.4
    kept = verdict_from_logprobs(spread, 0.0, "argmax", score="max")
    assert not kept.revise and kept.logp_revise == pytest.approx(math.log(0.3))
    sure = verdict_from_logprobs(
        [math.log(0.2), math.log(0.7), math.log(0.1)], 0.0, "argmax", score="max"
    )
    assert sure.revise and sure.cut_step == 1


def test_sampled_cut_follows_the_step_distribution_and_the_seed() -> None:
    lp = [-50.0, math.log(0.2), math.log(0.8)]
    gen = torch.Generator().manual_seed(0)
    cuts = [verdict_from_logprobs(lp, 0.0, "sample", gen).cut_step for _ in range(400)]
    assert set(cuts) == {1, 2} and 0.7 < cuts.count(2) / 400 < 0.9
    again = torch.Generator().manual_seed(0)
    assert cuts[:20] == [
        verdict_from_logprobs(lp, 0.0, "sample", again).cut_step for _ in range(20)
    ]


def test_sampled_decision_revises_at_sigmoid_of_margin_minus_tau() -> None:
    # p(revise) = 0.6 against p(keep) = 0.2: margin log 3, so sigmoid gives 3/4 at tau 0.
    lp = [math.log(0.2), math.log(0.6), math.log(0.2)]
    gen = torch.Generator().manual_seed(1)
    draws = [verdict_from_logprobs(lp, 0.0, "argmax", gen, "max", "sample") for _ in range(800)]
    assert draws[0].p_revise == pytest.approx(0.75)
    share = sum(v.revise for v in draws) / len(draws)
    assert 0.7 < share < 0.8
    assert {v.cut_step for v in draws if v.revise} == {1}  # the cut still is the argmax
    assert all(v.cut_step == 0 for v in draws if not v.revise)
    strict = verdict_from_logprobs(lp, math.log(3.0), "argmax", gen, "max", "sample")
    assert strict.p_revise == pytest.approx(0.5)  # tau shifts the odds, as the threshold's
    assert verdict_from_logprobs(lp, 0.0, "argmax", score="max").p_revise is None


def test_a_trajectory_without_steps_is_never_revised() -> None:
    assert not verdict_from_logprobs([-1.0], 0.0, "argmax").revise


def _trajectory() -> Trajectory:
    t = Trajectory(_Item(), prompt_ids=[1, 2])
    t.add_turn([10, 11], _search("Ana", "Ana"))
    t.add_environment([90, 91, 92])
    t.add_turn([12, 13, 14], _search("Lima", "Lima"))
    t.add_environment([93])
    t.add_turn([15], TurnRecord("<answer> Lima </answer>", None, "answer", "Lima"))
    t.done = True
    return t


def test_cut_keeps_the_steps_before_j_with_their_tool_outputs_token_for_token() -> None:
    t = _trajectory()
    dropped = t.cut(2)
    assert t.response_ids == [10, 11, 90, 91, 92] and t.loss_mask == [1, 1, 0, 0, 0]
    assert [x.content for x in t.turns] == ["Ana"] and t.turn_starts == [0]
    assert [x.content for x in dropped] == ["Lima", "Lima"]
    assert not t.done


def test_cut_at_step_one_leaves_only_the_prompt() -> None:
    t = _trajectory()
    t.cut(1)
    assert t.context == [1, 2] and t.turns == [] and t.loss_mask == []


@pytest.mark.parametrize("step", [0, 4])
def test_cut_outside_the_steps_is_refused(step: int) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.3"):
        _trajectory().cut(step)


def test_control_prompt_numbers_the_steps_with_their_tool_output() -> None:
    t = _trajectory()
    text = refiner_prompt("Where was {steps} born?", t.turns, "search_r1")
    assert "ASSISTANT_STEP_1: <search> Ana </search>\nTOOL: <information>Doc 1(Title" in text
    assert "ASSISTANT_STEP_3: <answer> Lima </answer>" in text
    assert "Question: Where was {steps} born?" in text  # hostile slot text stays text
    assert text.endswith("(0-3): ")
    compact = render_steps(t.turns, compact=True)
    assert "ASSISTANT_STEP_1: <search> Ana </search>\nTOOL: Ana" in compact
    assert "<information>" not in compact


def test_digit_tokens_must_be_single_tokens() -> None:
    class Splitting:
        def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
            return [1, 2] if text == "7" else [int(text) + 100]

    with pytest.raises(ValueError, match="splits the digit 7"):
        digit_token_ids(Splitting(), 9)  # type: ignore[arg-type]


def _refined_rollouts(assets: Path, **refiner: object) -> list[Trajectory]:
    return _refined_run(assets, **refiner)[0]


def _refined_run(assets: Path, **refiner: object) -> tuple[list[Trajectory], int, float]:
    """The trajectories, the generation rounds they took and the refiner's seconds."""
    config = resolve_config("test")
    config = replace(config, refiner=replace(config.refiner, **refiner))  # type: ignore[arg-type]
    policy = load_run_policy(config, assets)
    tok = policy.tokenizer
    settings = RolloutSettings(
        max_turns=3, max_new_tokens=16, max_length=1024, top_k=1, temperature=1.0,
        prompt="compact",
    )  # fmt: skip
    trajectories = [
        Trajectory(q, tok.encode(build_prompt(q.question, "compact"), add_special_tokens=False))
        for q in policy.train[:8]
    ]
    gen = torch.Generator().manual_seed(0)
    refiner_hook = MetaRefiner(policy.model, tok, "compact", config.refiner, 1024, gen)
    rounds = run_rollouts(policy.env, trajectories, settings, gen, on_finished=refiner_hook)
    return trajectories, rounds, refiner_hook.seconds


def test_real_rollouts_are_cut_and_regenerated_at_most_n_max_times(assets: Path) -> None:
    # tau far below zero: every judged trajectory is revised, so every one is cut.
    trajectories = _refined_rollouts(assets, margin=-100.0, max_revisions=2)
    for t in trajectories:
        assert t.done and t.revisions == 2 and len(t.refinements) == 2
        first = t.refinements[0]
        assert 1 <= first.verdict.cut_step <= first.n_steps
        assert len(first.dropped_turns) == first.n_steps - first.verdict.cut_step + 1
        assert (
            first.prompt_ids
            and first.token_id
            == digit_token_ids(load_run_policy(resolve_config("test"), assets).tokenizer, 9)[
                first.verdict.cut_step
            ]
        )
        assert len(t.loss_mask) == len(t.response_ids) and len(t.turn_starts) == len(t.turns)


def test_no_trajectory_is_revised_when_keep_must_win(assets: Path) -> None:
    trajectories = _refined_rollouts(assets, margin=100.0)
    assert all(t.revisions == 0 and len(t.refinements) == 1 for t in trajectories)
    assert all(t.refinements[0].dropped_turns == [] for t in trajectories)


def test_regenerations_add_generation_rounds_and_judging_time_is_counted(
    assets: Path,
) -> None:
    kept, kept_rounds, kept_seconds = _refined_run(assets, margin=100.0)
    cut, cut_rounds, cut_seconds = _refined_run(assets, margin=-100.0, max_revisions=2)
    assert all(t.revisions == 0 for t in kept) and all(t.revisions == 2 for t in cut)
    # Each cut reopens its trajectory after the round it finished in: more rounds.
    assert cut_rounds > kept_rounds >= 1
    assert kept_seconds > 0.0 and cut_seconds > 0.0


def test_joint_grpo_trains_each_decision_token_with_its_trajectory_advantage() -> None:
    from searchr2.refiner.decide import Verdict
    from searchr2.refiner.reviser import Decision

    t = _trajectory()
    verdict = Verdict([-1.0, -2.0, -0.5, -3.0], -1.0, -0.4, 0.6, True, 2)
    t.refinements.append(Decision("v", verdict, [5, 6, 7], 42, 3))
    joint = training_sequences([t], [0.75], trains_refiner=True)
    assert len(joint) == 2
    decision = joint[1]
    assert decision.ids == [5, 6, 7, 42] and decision.mask == [0, 0, 0, 1]
    assert decision.advantage == 0.75
    assert len(training_sequences([t], [0.75], trains_refiner=False)) == 1


def test_micro_batches_hold_whole_groups() -> None:
    from searchr2.run.step import _micro_batches

    items = [Trajectory(_Item(), [i]) for i in range(20)]  # 4 groups of 5
    chunks = _micro_batches(items, 12, 5)
    assert [len(c) for c in chunks] == [10, 10]
    assert [t for c in chunks for t in c] == items
    assert _micro_batches(items, 0, 5) == [items] and len(_micro_batches(items, 3, 5)) == 4


def _judged(answer: str, revise: bool) -> Trajectory:
    """A finished trajectory answering ``answer`` that the refiner kept or cut at step 3."""
    from searchr2.refiner.decide import Verdict
    from searchr2.refiner.reviser import Decision

    t = _trajectory()
    t.turns[-1] = TurnRecord(f"<answer> {answer} </answer>", None, "answer", answer)
    verdict = Verdict([0.0] * 4, -1.0, -0.5 if revise else -2.0, 0.5 if revise else -1.0,
                      revise, 3 if revise else 0)  # fmt: skip
    decision = Decision("v", verdict, [1], 7, 3)
    if revise:
        decision.dropped_turns = t.cut(3)
    t.refinements.append(decision)
    return t


def test_step_metrics_say_how_often_wrong_and_right_first_attempts_were_revised() -> None:
    from searchr2.rl.reward import Score
    from searchr2.run.step_metrics import step_metrics

    # Wrong first attempts (Quito): two of three revised; right ones (Lima): one of two.
    cases = [("Quito", True), ("Quito", False), ("Quito", True), ("Lima", False), ("Lima", True)]
    trajectories = [_judged(a, r) for a, r in cases]
    # A revised trajectory's final score is its regeneration's, here the opposite of its
    # first attempt's, so the rates cannot come from the final answers.
    ems = [1.0, 0.0, 1.0, 1.0, 0.0]
    scores = [Score(em, em, 0.0, em, (), 0) for em in ems]
    out = step_metrics(trajectories, scores, group_size=5)
    assert out["revise_rate_wrong"] == pytest.approx(2 / 3)
    assert out["revise_rate_right"] == pytest.approx(1 / 2)
    assert out["revise_rate"] == pytest.approx(3 / 5)
