"""Human labels reach the running training and change what it learns (spec section 5)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import torch
from transformers import AutoModelForCausalLM, LlamaConfig, PreTrainedModel

from searchr2.judges.support import SupportJudge
from searchr2.labels.book import LabelBook, applied_row, label_row
from searchr2.labels.targets import (
    CutTarget,
    Judged,
    NoTarget,
    RolloutView,
    TargetMaker,
    view_of_record,
    view_of_trajectory,
)
from searchr2.model.io import load_tokenizer
from searchr2.protocol.schema import validation_errors
from searchr2.refiner.prompt import refiner_prompt
from searchr2.rl.reward import Score, score_trajectories, with_human
from searchr2.rl.update import GRPOSettings, SupervisedToken, TrainSequence, grpo_update
from searchr2.rollout.record import rollout_to_dict
from searchr2.rollout.trajectory import Trajectory

from .test_resume import ResumeProcess
from .test_reward import OTHER, SUPPORT, answer, search, trajectory
from .trainer_process import TrainerProcess

# --- collection labels replace the judge's u_i ----------------------------------------


def test_human_collection_labels_replace_the_judge_and_skip_it() -> None:
    t = trajectory(search([SUPPORT]), search([OTHER]), search([SUPPORT]), answer("Oslo"))
    judged = score_trajectories([t], SupportJudge())[0]
    assert [c.useful for c in judged.collections] == [1.0, 0.0, 0.0]  # the third: duplicate
    human = score_trajectories([t], SupportJudge(), human=[{0: 0.0, 1: 1.0, 2: 1.0}])[0]
    assert [(c.useful, c.judge) for c in human.collections] == [
        (0.0, "human"),
        (1.0, "human"),
        (1.0, "human"),
    ]
    assert human.r_process == pytest.approx(2 / 3) and human.reward == pytest.approx(5 / 3)
    # The same verdicts put on a score already judged (the review gate) agree.
    assert with_human(judged, {0: 0.0, 1: 1.0, 2: 1.0}) == human
    partly = with_human(judged, {1: 1.0, 7: 1.0})  # turn 7 was never a search: ignored
    assert [c.judge for c in partly.collections] == ["support", "human", "duplicate"]
    assert partly.r_process == pytest.approx(2 / 3)


def test_without_a_judge_human_collections_change_nothing() -> None:
    t = trajectory(search([SUPPORT]), answer("Oslo"))
    score = score_trajectories([t], None, human=[{0: 0.0}])[0]
    assert score.reward == 1.0 and score.r_process == 0.0


# --- the supervised cut term ----------------------------------------------------------


def _tiny_model() -> PreTrainedModel:
    config = LlamaConfig(
        vocab_size=24,
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=64,
        pad_token_id=0,
    )
    torch.manual_seed(0)
    model: PreTrainedModel = AutoModelForCausalLM.from_config(config)
    return model


def _logp(model: PreTrainedModel, ids: list[int], target: int) -> float:
    with torch.no_grad():
        logits = model(input_ids=torch.tensor([ids])).logits[0, -1]
    return float(torch.log_softmax(logits.float(), -1)[target])


@pytest.mark.parametrize("last_token", [False, True])
@pytest.mark.parametrize("weight", [0.0, 1.0, 20.0])
def test_the_supervised_term_raises_the_log_prob_of_the_human_cut(
    weight: float, last_token: bool
) -> None:
    model = _tiny_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    prompt, cut = [3, 5, 7, 9, 11], 13
    before = _logp(model, prompt, cut)
    # A trajectory with zero advantage: its PPO term has no gradient, so any move is the
    # supervised term's, and it shares the optimizer step with the trajectory.
    trajectory_seq = TrainSequence([2, 4, 6, 8], [0, 1, 1, 1], 0.0)
    stats = grpo_update(
        model,
        None,
        optimizer,
        [trajectory_seq],
        GRPOSettings(0.2, 0.0, 1, max_grad_norm=1e9, supervised_last_token=last_token),
        pad_id=0,
        precision="fp32",
        supervised=[SupervisedToken(prompt, cut, weight)],
    )
    after = _logp(model, prompt, cut)
    assert stats["label_loss"] == pytest.approx(-weight * before, rel=1e-4)
    if weight == 0.0:
        assert after == pytest.approx(before, abs=1e-6)
    else:
        assert after > before + 1e-3 * weight


def test_supervised_alone_still_makes_an_optimizer_step() -> None:
    model = _tiny_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    before = _logp(model, [1, 2, 3], 4)
    grpo_update(
        model,
        None,
        optimizer,
        [],
        GRPOSettings(0.2, 0.0, 2, 1e9),
        0,
        "fp32",
        [SupervisedToken([1, 2, 3], 4, 1.0)],
    )
    assert _logp(model, [1, 2, 3], 4) > before


# --- what a cut label teaches ---------------------------------------------------------


def test_cut_targets_use_the_refiner_prompt_and_its_step_token(assets: Path) -> None:
    tokenizer = load_tokenizer(assets / "model")
    maker = TargetMaker(tokenizer, "compact", max_length=1024)
    t = trajectory(search([SUPPORT]), search([OTHER]), answer("Oslo"))
    expected = tokenizer.encode(
        refiner_prompt(t.item.question, t.turns, "compact"), add_special_tokens=False
    )
    view = view_of_trajectory(t)
    target = maker.make(view, 2)
    assert target.prompt_ids == expected and target.cut == 2
    assert tokenizer.decode([target.token_id]).strip() == "2"
    assert maker.make(view, 0).token_id == maker.digits[0]
    # Rebuilt from the rollouts.jsonl line, the prompt is the same.
    record = rollout_to_dict(
        t, rollout_id="s1-q1-g0", step=1, group_id="s1-q1", score=_score(t), advantage=0.0
    )
    assert maker.make(view_of_record(record), 2) == target
    with pytest.raises(NoTarget, match=r"outside 0\.\.3"):
        maker.make(view, 4)
    with pytest.raises(NoTarget, match="did not judge"):
        maker.make(view, "accept")
    judged = RolloutView(view.question, view.turns, Judged(t.turns[:1], 1, None))
    accepted = maker.make(judged, "accept")
    assert accepted.cut == 1 and accepted.prompt_ids != expected  # the prompt it judged


def _score(t: Trajectory) -> Score:
    return score_trajectories([t], SupportJudge())[0]


# --- the label book (labels.jsonl) -----------------------------------------------------


def _label(label_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": label_id, "rollout_id": "s1-q1-g0", "step": 1, **fields}


def _rows(*rows: dict[str, Any] | str) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r) for r in rows]


def test_book_latest_version_wins_withdrawal_removes_and_rewind_reapplies() -> None:
    target = CutTarget([1, 2], 5, 2)
    book = LabelBook()
    book.load(
        _rows(
            label_row(_label("a", cut=1), target),
            applied_row(["a"], 2),
            label_row(_label("b", cut=0), target),
            applied_row(["b"], 4),
            label_row(_label("c", collections={"1": "useful"}), None),
            label_row(_label("c"), None),  # withdrawn
            label_row(_label("d", cut=2), target),
            applied_row(["d"], 1),
            label_row(_label("d", cut=3), target),  # edited after use: pending again
        )
    )
    assert book.malformed == 0
    assert [i for i, _ in book.entries()] == ["a", "b", "d"]
    assert [(i, e.applied_step) for i, e in book.entries()] == [("a", 2), ("b", 4), ("d", None)]
    assert book.rewind(3) == ["b"]  # step 4's update is not in a step-3 checkpoint
    assert book.get("b") is not None and book.get("b").applied_step is None  # type: ignore[union-attr]
    assert book.holds(_label("a", cut=1)) and not book.holds(_label("a", cut=2))
    assert book.holds(_label("c"))  # withdrawing what is not held changes nothing


@pytest.mark.parametrize("replay", [0, 2])
def test_cut_replay_teaches_earlier_cuts_again_but_reports_only_first_use(
    assets: Path, tmp_path: Path, replay: int
) -> None:
    from searchr2.annotations.inbox import LabelInbox
    from searchr2.config.load import resolve_config
    from searchr2.labels.session import LabelSession
    from searchr2.protocol.emitter import Emitter
    from searchr2.reporting import StderrReporter
    from searchr2.run.run_dir import RunDir

    run_dir = RunDir(tmp_path / "run")
    for n, step in ((1, 1), (2, 2), (3, 3)):
        run_dir.append_label_row(label_row(_label(f"l{n}", cut=n), CutTarget([7, n], 40 + n, n)))
        run_dir.append_label_row(applied_row([f"l{n}"], step))
    run_dir.append_label_row(label_row(_label("new", cut=0), CutTarget([7, 0], 40, 0)))
    config = resolve_config("test", None, [f"labels.cut_replay={replay}"])
    session = LabelSession(
        LabelInbox(), run_dir, Emitter(), StderrReporter(), config,
        load_tokenizer(assets / "model"), start_step=3,
    )  # fmt: skip
    tokens, ids = session.supervised()
    assert ids == ["new"], "only the label not applied before is reported as applied now"
    # The new cut first, then the newest earlier ones, as many as labels.cut_replay.
    assert [t.target for t in tokens] == [40, 43, 42][: 1 + replay]
    run_dir.close()


def test_malformed_rows_are_skipped_and_counted_never_fatal() -> None:
    book = LabelBook()
    book.load(
        _rows(
            "{not json",
            "[1, 2]",
            {"kind": "mystery"},
            {"kind": "label", "label": {"id": "x"}},  # not a Label: no rollout_id
            {"kind": "label", "label": _label("y", cut=1), "target": {"prompt_ids": "1 2"}},
            {"kind": "applied", "ids": ["a"], "step": "3"},
            label_row(_label("ok", cut=1), CutTarget([4], 6, 1)),
            '{"kind": "label", "label": {"id": "torn", "rollout',  # a torn last line
        )
    )
    assert book.malformed == 7 and book.malformed_lines == [1, 2, 3, 4, 5, 6, 8]
    assert [i for i, _ in book.entries()] == ["ok"]


# --- the running trainer, as the editor drives it --------------------------------------


def _events_of(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(x) for x in lines]


def _train_metrics(events: list[dict[str, Any]]) -> dict[int, dict[str, float]]:
    return {
        e["step"]: e["metrics"]
        for e in events
        if e["type"] == "metrics" and e.get("phase") == "train"
    }


def _label_rows(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (run_dir / "labels.jsonl").read_text().splitlines()]


def _label_command(command_id: str, label: dict[str, Any]) -> dict[str, Any]:
    command = {"type": "label", "id": command_id, "label": label}
    assert validation_errors(command, "Command") == []
    return command


@pytest.fixture(scope="module")
def labelled_run(assets: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """3 steps (checkpoints at 2 and 3): label A sent while paused after step 1, then A
    again (unchanged) and B while paused after step 2."""
    run_dir = tmp_path_factory.mktemp("labels") / "run"
    trainer = TrainerProcess(run_dir, max_steps=3)
    first = trainer.wait_for(lambda e: e["type"] == "rollout")["rollout"]
    trainer.send({"type": "pause", "id": "p1"})
    assert trainer.wait_for(lambda e: e["type"] == "paused")["step"] == 1
    label_a = {"id": "A", "rollout_id": first["id"], "step": 1, "cut": 1}
    trainer.send(_label_command("c1", label_a))
    trainer.wait_for(lambda e: e["type"] == "label_ack" and e["id"] == "A")
    trainer.send({"type": "resume", "id": "r1"})
    applied_a = trainer.wait_for(lambda e: e["type"] == "label_applied")
    trainer.send({"type": "pause", "id": "p2"})
    assert trainer.wait_for(lambda e: e["type"] == "paused")["step"] == 2
    step2 = next(
        e["rollout"] for e in _events_of(trainer.lines) if e.get("rollout", {}).get("step") == 2
    )
    label_b = {"id": "B", "rollout_id": step2["id"], "step": 2, "cut": 0}
    trainer.send(_label_command("c2", label_a))  # a resend: idempotent
    trainer.send(_label_command("c3", label_b))
    trainer.wait_for(lambda e: e["type"] == "label_ack" and e["id"] == "B")
    trainer.send({"type": "resume", "id": "r2"})
    assert trainer.finish(timeout=240) == 0, trainer.stderr[-3000:]
    return {"run_dir": run_dir, "events": trainer.events(), "lines": trainer.lines, "a": applied_a}


def test_a_label_is_acked_then_applied_in_the_next_update(labelled_run: dict[str, Any]) -> None:
    events, lines = labelled_run["events"], labelled_run["lines"]
    for line in lines:
        assert validation_errors(json.loads(line), "Event") == [], line
    kinds = [(e["type"], e.get("id")) for e in events]
    assert kinds.index(("label_ack", "A")) < kinds.index(("label_applied", None))
    assert labelled_run["a"] == {"type": "label_applied", "ids": ["A"], "step": 2}
    applied = [e for e in events if e["type"] == "label_applied"]
    assert applied == [labelled_run["a"], {"type": "label_applied", "ids": ["B"], "step": 3}]
    assert [e["id"] for e in events if e["type"] == "label_ack"] == ["A", "A", "B"]
    metrics = _train_metrics(events)
    assert metrics[1]["label_cuts"] == 0 and "label_loss" not in metrics[1]
    assert metrics[2]["label_cuts"] == 1 and metrics[2]["label_loss"] > 0
    assert metrics[3]["label_cuts"] == 1 and metrics[3]["labels_applied"] == 1


def test_labels_jsonl_records_each_version_and_the_step_that_used_it(
    labelled_run: dict[str, Any],
) -> None:
    rows = _label_rows(labelled_run["run_dir"])
    assert [(r["kind"], r.get("label", {}).get("id"), r.get("step")) for r in rows] == [
        ("label", "A", None),
        ("applied", None, 2),
        ("label", "B", None),
        ("applied", None, 3),
    ]
    target = rows[0]["target"]
    assert target["cut"] == 1 and len(target["prompt_ids"]) > 20
    assert rows[2]["target"]["cut"] == 0 and target["token_id"] != rows[2]["target"]["token_id"]


def test_resume_reapplies_only_what_the_checkpoint_lacks(
    labelled_run: dict[str, Any], tmp_path: Path
) -> None:
    import shutil

    run_dir = tmp_path / "copy"
    shutil.copytree(labelled_run["run_dir"], run_dir)
    rows = _label_rows(run_dir)
    b_row = rows[2]
    withdrawn = {**b_row, "label": {**b_row["label"], "id": "C"}}
    with (run_dir / "labels.jsonl").open("a") as f:
        f.write("{this row is damaged\n")
        f.write(json.dumps(withdrawn) + "\n")
        f.write(json.dumps(label_row({"id": "C", "rollout_id": "x", "step": 2}, None)) + "\n")
    trainer = ResumeProcess(run_dir / "checkpoints" / "step-2", run_dir, "--max-steps=3")
    assert trainer.finish(timeout=240) == 0, trainer.stderr[-3000:]
    events = trainer.events()
    # A entered step 2, which the checkpoint holds; B entered step 3, lost with it; C was
    # withdrawn. So only B is applied again, in the same update as before.
    assert [e for e in events if e["type"] == "label_applied"] == [
        {"type": "label_applied", "ids": ["B"], "step": 3}
    ]
    warnings = [e["message"] for e in events if e["type"] == "log" and e["level"] == "warning"]
    assert any("1 unreadable row" in m for m in warnings), warnings
    before = _train_metrics(labelled_run["events"])[3]
    after = _train_metrics(events)[3]
    # Exact resume: step 3 is trained on the same label, so it is the same update.
    assert after["label_loss"] == pytest.approx(before["label_loss"], rel=1e-6)
    assert after["loss"] == pytest.approx(before["loss"], rel=1e-6)


def test_review_gate_puts_human_collection_verdicts_into_the_batch(
    assets: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "gated"
    trainer = TrainerProcess(
        run_dir,
        "--set",
        "labels.review_gate_timeout_s=120",
        "--set",
        "train.eval_at_end=false",
        max_steps=1,
    )
    rollouts = [trainer.wait_for(lambda e: e["type"] == "rollout")["rollout"] for _ in range(6)]
    # The person calls every collection useful, or every one not useful when the judge found
    # them all useful: either way the batch's mean r_process must move (a per-collection flip
    # could leave the mean where it was).
    judged = [c["useful"] for r in rollouts for c in r["collections"]]
    verdict, value = ("not_useful", 0.0) if judged and all(judged) else ("useful", 1.0)
    expected: list[float] = []
    for k, r in enumerate(rollouts):
        human = {str(c["turn"] + 1): verdict for c in r["collections"]}
        expected.append(value if human else 0.0)
        label: dict[str, Any] = {"id": f"L{k}", "rollout_id": r["id"], "step": 1}
        label.update({"collections": human} if human else {"step_ratings": {"1": 0}})
        trainer.send(_label_command(f"c{k}", label))
    assert trainer.finish(timeout=240) == 0, trainer.stderr[-3000:]
    assert any(r["collections"] for r in rollouts), "no rollout searched: nothing to override"
    events = trainer.events()
    metrics = _train_metrics(events)[1]
    streamed = sum(r["r_process"] for r in rollouts) / len(rollouts)
    assert metrics["reviewed"] == 1.0 and metrics["review_wait_seconds"] < 120
    assert metrics["r_process_mean"] == pytest.approx(sum(expected) / len(expected))
    assert metrics["r_process_mean"] != pytest.approx(streamed)
    applied = [e for e in events if e["type"] == "label_applied"]
    used = [f"L{k}" for k, r in enumerate(rollouts) if r["collections"]]
    assert len(applied) == 1 and applied[0]["step"] == 1 and sorted(applied[0]["ids"]) == used


def test_review_gate_lets_the_batch_go_at_the_timeout(assets: Path, tmp_path: Path) -> None:
    trainer = TrainerProcess(
        tmp_path / "run",
        "--set",
        "labels.review_gate_timeout_s=1.5",
        "--set",
        "train.eval_at_end=false",
        max_steps=1,
    )
    assert trainer.finish(timeout=240) == 0, trainer.stderr[-3000:]
    events = trainer.events()
    metrics = _train_metrics(events)[1]
    assert metrics["reviewed"] == 0.0 and metrics["review_wait_seconds"] >= 1.5
    assert not any(e["type"] == "label_applied" for e in events)


def test_stop_wins_over_the_review_gate(assets: Path, tmp_path: Path) -> None:
    trainer = TrainerProcess(
        tmp_path / "run", "--set", "labels.review_gate_timeout_s=300", max_steps=5
    )
    for _ in range(6):
        trainer.wait_for(lambda e: e["type"] == "rollout")
    sent = time.monotonic()
    trainer.send({"type": "stop", "id": "s1"})
    assert trainer.finish(timeout=60) == 0, trainer.stderr[-3000:]
    stopped = trainer.events()[-1]
    assert stopped["type"] == "stopped" and stopped["reason"] == "requested"
    assert stopped["step"] == 0  # the held batch was not trained on
    assert time.monotonic() - sent < 30
