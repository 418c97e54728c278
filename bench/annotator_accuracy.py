"""Held-out cut accuracy of a checkpoint's Meta-Refiner, as the demo's warm start is
measured (assets/prepare.py): the held-out questions' refiner demos, whose earliest
flawed step is known by construction, decided with the run's margin and revise score.

    .venv/bin/python bench/annotator_accuracy.py RUN_DIR/checkpoints/step-30

Prints one JSON object: {"cut_accuracy", "demos"}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

from searchr2.config.schema import RunConfig
from searchr2.config.validate import from_dict
from searchr2.model.io import load_policy
from searchr2.refiner.accuracy import refiner_accuracy
from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.world.build import build_world
from searchr2.world.refiner_demos import build_refiner_demos


def cut_accuracy(checkpoint: Path) -> dict[str, float]:
    config = from_dict(RunConfig, json.loads((checkpoint / "run_config.json").read_text()))
    torch.set_num_threads(config.torch_threads)
    w = config.world
    demo = build_world(w.seed, w.n_people, w.n_companies, w.n_cities, w.heldout_fraction)
    heldout = demo.split("heldout")
    demos = build_refiner_demos(
        heldout, BM25Retriever(demo.passages), config.rollout.top_k, config.sft.seed + 1
    )
    model, tokenizer = load_policy(checkpoint)
    model.eval()
    r = config.refiner
    with torch.no_grad():
        accuracy = refiner_accuracy(
            model, tokenizer, demos, config.rollout.prompt, r.margin, r.revise_score
        )
    return {"cut_accuracy": accuracy, "demos": float(len(demos))}


if __name__ == "__main__":
    print(json.dumps(cut_accuracy(Path(sys.argv[1]))))
