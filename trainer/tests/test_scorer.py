"""The step scorer: featurisation against the shared vectors, what labels teach, the
fit, and the files written beside a checkpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest
import torch
from onnx import numpy_helper

from searchr2.scorer.examples import Example, cut_targets, gather, human_examples
from searchr2.scorer.export import (
    INFO_NAME,
    ONNX_NAME,
    export_step_scorer,
    fit_from_run,
    write_scorer,
)
from searchr2.scorer.features import (
    TOTAL_DIM,
    VERSION,
    dense_matrix,
    fnv1a32,
    rollout_features,
    tokens,
)
from searchr2.scorer.model import StepScorer

from .conftest import REPO

VECTORS = REPO / "test" / "fixtures" / "scorer"


def test_fnv1a_matches_the_published_test_vectors() -> None:
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C
    assert fnv1a32("foobar") == 0xBF9CF968


def test_only_ascii_letters_and_digits_make_tokens() -> None:
    text = "Straße \u0130stanbul \u212aelvin \uff11\uff12 X9 caf\u00e9 lone\ud800end"
    assert tokens(text) == ["stra", "e", "stanbul", "elvin", "x9", "caf", "lone", "end"]


def _cases() -> list[dict[str, Any]]:
    doc = json.loads((VECTORS / "vectors.json").read_text("utf-8"))
    assert doc["featurisation"] == VERSION and doc["total_dim"] == TOTAL_DIM
    cases: list[dict[str, Any]] = doc["cases"]
    return cases


def test_features_match_the_shared_vectors() -> None:
    for case in _cases():
        rollout = case["rollout"]
        got = rollout_features(rollout["question"], rollout["turns"])
        want = [{int(k): v for k, v in s["features"].items()} for s in case["steps"]]
        assert got == want, rollout["id"]


def _fixture_scorer() -> StepScorer:
    """The fixture model's weights as the ONNX file holds them (no onnxruntime)."""
    graph = onnx.load(str(VECTORS / "model.onnx")).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    scorer = StepScorer()
    scorer.load_state_dict(weights)
    return scorer


def test_scores_of_the_onnx_weights_match_the_shared_vectors() -> None:
    scorer = _fixture_scorer()
    for case in _cases():
        rollout = case["rollout"]
        vectors = rollout_features(rollout["question"], rollout["turns"])
        if not vectors:
            continue
        p = scorer.predict(dense_matrix(vectors))
        want = [s["p_flawed"] for s in case["steps"]]
        assert np.allclose(p, want, atol=1e-6), rollout["id"]


def _turn(action: str, content: str) -> dict[str, Any]:
    key = {"search": "query", "answer": "answer"}.get(action, "feedback")
    return {"text": content, "action": action, key: content}


def _rollout(rid: str, turns: list[dict[str, Any]], refiner: dict[str, Any] | None = None):
    out: dict[str, Any] = {"id": rid, "step": 1, "question": "Who wrote Faust?", "turns": turns}
    if refiner is not None:
        out["refiner"] = refiner
    return out


def test_a_cut_marks_its_step_flawed_the_earlier_ones_fine_and_ignores_the_rest() -> None:
    assert cut_targets(2, 4) == {0: False, 1: True}
    assert cut_targets(0, 3) == {0: False, 1: False, 2: False}
    assert cut_targets(9, 2) == {0: False, 1: False}


def test_a_rating_wins_over_the_cut_on_the_same_step() -> None:
    turns = [_turn("search", "faust"), _turn("search", "goethe"), _turn("answer", "Goethe")]
    label = {"id": "l1", "rollout_id": "r", "step": 1, "cut": 2, "step_ratings": {"2": 1}}
    got = human_examples(label, _rollout("r", turns))
    assert [(e.flawed, e.weight) for e in got] == [(False, 1.0), (False, 1.0)]
    rated = {"id": "l2", "rollout_id": "r", "step": 1, "step_ratings": {"3": -1, "1": 0}}
    assert [e.flawed for e in human_examples(rated, _rollout("r", turns))] == [True]


def test_accept_and_the_refiner_teach_the_turns_the_refiner_read() -> None:
    kept = [_turn("search", "faust")]
    dropped = [_turn("search", "weather today"), _turn("answer", "Schiller")]
    refiner = {"cut_step": 2, "kept_turns": 1, "dropped_turns": dropped, "margin": 1.0}
    rollout = _rollout("r", [*kept, _turn("answer", "Goethe")], refiner)
    accept = {"id": "l", "rollout_id": "r", "step": 1, "cut": "accept"}
    examples = gather([accept], {"r": rollout}, [rollout])
    assert [(e.source, e.flawed, e.weight) for e in examples] == [
        ("human", False, 1.0),
        ("human", True, 1.0),
        ("refiner", False, 0.3),
        ("refiner", True, 0.3),
    ]
    flawed = rollout_features(rollout["question"], [*kept, *dropped])[1]
    assert examples[1].features == flawed  # the dropped search, not the kept answer


def _separable(n: int) -> list[Example]:
    out = []
    for i in range(n):
        bad = i % 2 == 0
        turns = [_turn("search", "weather today" if bad else f"faust author {i}")]
        out.append(Example(rollout_features("Who wrote Faust?", turns)[0], bad, 1.0, "human"))
    return out


def test_fit_learns_separable_steps_and_save_load_keeps_it(tmp_path: Path) -> None:
    # How fast it fits is a benchmark's business, not a test's (a loaded box misses any bound).
    scorer = StepScorer()
    metrics = scorer.fit(_separable(2000))
    assert metrics["examples"] == 2000 and metrics["accuracy"] == 1.0
    x = dense_matrix([e.features for e in _separable(4)])
    assert list(scorer.predict(x) > 0.5) == [True, False, True, False]
    scorer.save(tmp_path / "s.pt")
    assert np.array_equal(StepScorer.load(tmp_path / "s.pt").predict(x), scorer.predict(x))


def test_weights_for_another_featurisation_are_refused() -> None:
    with pytest.raises(ValueError, match="another featurisation"):
        StepScorer(TOTAL_DIM).load_state_dict({"linear.weight": torch.zeros(1, 7)})
    with pytest.raises(ValueError, match="at least one"):
        StepScorer().fit([])


class _Reporter:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def log(self, level: str, message: str) -> None:
        self.lines.append((level, message))

    def metrics(self, step: int, phase: str, values: dict[str, float]) -> None:
        pass


def _write_run(path: Path) -> None:
    turns = [_turn("search", "weather today"), _turn("answer", "Goethe")]
    labelled = _rollout("old", turns)
    revised = _rollout(
        "new", turns, {"cut_step": 1, "kept_turns": 0, "dropped_turns": turns, "margin": 1.0}
    )
    filler = [json.dumps(_rollout(f"f{i}", [_turn("answer", "x" * 200)])) for i in range(60)]
    lines = [json.dumps(labelled), *filler, json.dumps(revised), '{"torn']
    (path / "rollouts.jsonl").write_text("\n".join(lines), "utf-8")
    label = {"id": "l1", "rollout_id": "old", "step": 1, "cut": 1}
    (path / "labels.jsonl").write_text(json.dumps({"kind": "label", "label": label}) + "\n")


def test_checkpoint_gets_an_onnx_scorer_fitted_on_labels_and_refiner_cuts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_run(tmp_path)
    # A small tail budget: the labelled rollout lies before it and is found by id.
    monkeypatch.setattr("searchr2.scorer.export.RECENT_BYTES", 2000)
    fitted = fit_from_run(tmp_path)
    assert fitted is not None
    assert (fitted[1]["human"], fitted[1]["refiner"]) == (1.0, 1.0)
    checkpoint = tmp_path / "checkpoints" / "step-2"
    checkpoint.mkdir(parents=True)
    reporter = _Reporter()
    export_step_scorer(tmp_path, checkpoint, reporter)
    info = json.loads((checkpoint / INFO_NAME).read_text("utf-8"))
    assert info["featurisation"] == VERSION and info["total_dim"] == TOTAL_DIM
    assert info["metrics"]["examples"] == 2.0
    model = onnx.load(str(checkpoint / ONNX_NAME))
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["features"]
    assert [o.name for o in model.graph.output] == ["p_flawed"]
    assert reporter.lines[-1][0] == "info" and "fitted on 2 steps" in reporter.lines[-1][1]


def test_no_examples_writes_nothing_and_a_failure_is_only_a_warning(tmp_path: Path) -> None:
    checkpoint = tmp_path / "ck"
    checkpoint.mkdir()
    reporter = _Reporter()
    export_step_scorer(tmp_path, checkpoint, reporter)
    assert not list(checkpoint.iterdir()) and not reporter.lines
    _write_run(tmp_path)
    export_step_scorer(tmp_path, tmp_path / "missing" / "ck", reporter)
    assert reporter.lines[-1][0] == "warning"
    assert "step scorer not exported" in reporter.lines[-1][1]


def test_written_scorer_scores_like_the_fitted_one(tmp_path: Path) -> None:
    scorer = StepScorer()
    metrics = scorer.fit(_separable(20))
    write_scorer(tmp_path, scorer, metrics)
    graph = onnx.load(str(tmp_path / ONNX_NAME)).graph
    weights = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    x = dense_matrix([e.features for e in _separable(6)])
    logits = x @ weights["linear.weight"].T.reshape(-1) + weights["linear.bias"][0]
    assert np.allclose(1 / (1 + np.exp(-logits)), scorer.predict(x), atol=1e-6)
