"""Everything a run trains with: policy, frozen reference, optimizer, environment."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.assets.load import QARow, load_corpus, load_questions
from searchr2.config.schema import RunConfig
from searchr2.model.io import load_policy, save_policy
from searchr2.model.precision import resolve_precision
from searchr2.retrieval.bm25 import BM25Retriever
from searchr2.rollout.env import make_environment
from searchr2.rollout.loop import Environment


@dataclass
class Policy:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    reference: PreTrainedModel | None
    optimizer: torch.optim.Optimizer
    env: Environment
    precision: str
    train: list[QARow]
    heldout: list[QARow]
    manifest: dict[str, Any]


def load_run_policy(config: RunConfig, assets: Path) -> Policy:
    model, tokenizer = load_policy(assets / "model")
    model.eval()
    reference = None
    if config.grpo.kl_coef > 0.0:
        reference = copy.deepcopy(model)
        reference.requires_grad_(False)
    retriever = BM25Retriever(load_corpus(assets / "corpus.jsonl"))
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.grpo.lr, weight_decay=0.0)
    return Policy(
        model=model,
        tokenizer=tokenizer,
        reference=reference,
        optimizer=optimizer,
        env=make_environment(model, tokenizer, retriever),
        precision=resolve_precision(config.precision, torch.device("cpu")),
        train=load_questions(assets / "train.jsonl"),
        heldout=load_questions(assets / "heldout.jsonl"),
        manifest=json.loads((assets / "manifest.json").read_text("utf-8")),
    )


def save_checkpoint(policy: Policy, directory: Path, step: int, run_id: str) -> None:
    state = {"step": step, "run_id": run_id}
    save_policy(policy.model, policy.tokenizer, directory, state)
    # Optimizer state too, so a later resume continues the same Adam moments.
    torch.save(policy.optimizer.state_dict(), directory / "optimizer.pt")
