"""One GRPO training step: sample questions, roll out groups (the Meta-Refiner cutting
and regenerating as they finish), score, stream, (hold for human review,) update."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from searchr2.config.schema import RunConfig
from searchr2.judges.factory import build_judge
from searchr2.judges.types import Judge
from searchr2.labels.session import LabelSession, overrides_for
from searchr2.model.precision import autocast
from searchr2.model.threads import torch_threads
from searchr2.refiner.reviser import MetaRefiner
from searchr2.rl.attempts import (
    Attempt,
    advantages_with_attempts,
    dropped_sequence,
    replaced_attempts,
)
from searchr2.rl.reward import Score, score_trajectories, with_human, with_prm
from searchr2.rl.update import GRPOSettings, TrainSequence, grpo_update, trajectory_sequence
from searchr2.rollout.loop import RolloutSettings, run_rollouts
from searchr2.rollout.record import rollout_to_dict, turn_to_dict
from searchr2.rollout.trajectory import Trajectory
from searchr2.run.policy import Policy
from searchr2.run.step_metrics import step_metrics
from searchr2.scorer.export import labelled_rollouts
from searchr2.scorer.online import OnlineScorer, StepScores
from searchr2.text.prompt import encode_prompt


@dataclass(frozen=True)
class StepContext:
    config: RunConfig
    policy: Policy
    settings: RolloutSettings
    rng: random.Random
    generator: torch.Generator
    publish_rollout: Callable[[dict[str, Any]], None]
    should_abort: Callable[[], bool]
    judge: Judge | None  # None: outcome reward only (Search-R1, the "refiner" rung)
    refiner: MetaRefiner | None  # None: the Actor alone (Search-R1)
    labels: LabelSession | None = None  # None: this run takes no human labels
    prm: OnlineScorer | None = None  # None: labels.prm_weight is 0, no r_prm term


def make_step_context(
    config: RunConfig,
    policy: Policy,
    settings: RolloutSettings,
    publish_rollout: Callable[[dict[str, Any]], None],
    should_abort: Callable[[], bool],
    labels: LabelSession | None = None,
) -> StepContext:
    """Fresh sampling state seeded from the run seed (a resume restores it afterwards)."""
    generator = torch.Generator().manual_seed(config.seed)
    judge = None
    if config.uses_process_reward:
        judge = build_judge(config.reward, any(q.supporting_ids for q in policy.train))
    refiner = None
    if config.uses_refiner:
        refiner = MetaRefiner(
            policy.model,
            policy.tokenizer,
            settings.prompt,
            config.refiner,
            settings.max_length,
            generator,
            keep_context=config.trains_refiner
            and config.refiner.decision_gradient == "last_token"
            and config.grpo.minibatches == 1,
            keep_attempts=config.refiner.trains_attempts,
            keep_attempt_prefix=config.refiner.attempt_gradient == "dropped"
            and config.grpo.minibatches == 1,
        )
    return StepContext(
        config=config,
        policy=policy,
        settings=settings,
        rng=random.Random(config.seed),
        generator=generator,
        publish_rollout=publish_rollout,
        should_abort=should_abort,
        judge=judge,
        refiner=refiner,
        labels=labels,
        prm=OnlineScorer() if config.labels.prm_weight > 0.0 else None,
    )


def run_step(ctx: StepContext, step: int) -> dict[str, float]:
    """Raises GenerationAborted when a stop arrives during rollouts (no update then)."""
    started = time.perf_counter()
    cfg, policy = ctx.config, ctx.policy
    questions = ctx.rng.sample(policy.train, min(cfg.grpo.questions_per_step, len(policy.train)))
    trajectories: list[Trajectory] = []
    group_ids: list[str] = []
    for q in questions:
        prompt = encode_prompt(policy.tokenizer, q.question, ctx.settings.prompt)
        for _ in range(cfg.rollout.group_size):
            trajectories.append(Trajectory(q, list(prompt)))
            group_ids.append(f"s{step}-{q.id}")
    rounds = 0
    refiner_before = ctx.refiner.seconds if ctx.refiner is not None else 0.0
    with (
        torch_threads(cfg.rollout_threads),
        autocast(
            "bf16" if policy.precision == "bf16" else "fp32", next(policy.model.parameters()).device
        ),
    ):
        for chunk in _micro_batches(trajectories, cfg.rollout.micro_batch, cfg.rollout.group_size):
            rounds += run_rollouts(
                policy.env,
                chunk,
                ctx.settings,
                ctx.generator,
                ctx.should_abort,
                on_finished=ctx.refiner,
            )
    rollout_seconds = time.perf_counter() - started
    # Where a step's time goes, so Search-R2's overhead over Search-R1 can be read off
    # a run: generation rounds (a regenerated suffix can add some) and the refiner's
    # judging, which is part of rollout_seconds.
    timing = {"rollout_rounds": float(rounds)}
    if ctx.refiner is not None:
        timing["refiner_seconds"] = ctx.refiner.seconds - refiner_before
    scores = score_trajectories(trajectories, ctx.judge)
    prm_scores, prm_stats = _prm_scores(ctx, trajectories)
    if ctx.prm is not None:
        scores = [
            with_prm(s, p.r_prm if p else None) for s, p in zip(scores, prm_scores, strict=True)
        ]
    attempts = replaced_attempts(trajectories, group_ids)
    attempt_scores = _attempt_scores(ctx, attempts)
    advantages, attempt_advantages = _advantages(cfg, scores, group_ids, attempts, attempt_scores)
    for a, s, adv in zip(attempts, attempt_scores, attempt_advantages, strict=True):
        a.decision.attempt_reward, a.decision.attempt_advantage = s.reward, adv
    rollout_ids = [f"{g}-g{i % cfg.rollout.group_size}" for i, g in enumerate(group_ids)]
    if ctx.labels is not None:
        ctx.labels.remember(rollout_ids, trajectories)
    records: list[dict[str, Any]] = []
    for i, t in enumerate(trajectories):
        record = rollout_to_dict(
            t,
            rollout_id=rollout_ids[i],
            step=step,
            group_id=group_ids[i],
            score=scores[i],
            advantage=advantages[i],
            method=cfg.method,
            refiner_trained=cfg.trains_refiner,
            tau=cfg.refiner.margin,
        )
        prm = prm_scores[i]
        if prm is not None:
            record["r_prm"] = prm.r_prm
            record["prm_p_flawed"] = prm.p_flawed
        records.append(record)
        ctx.publish_rollout(record)
    if ctx.prm is not None:
        ctx.prm.observe(records)  # this step's refiner decisions teach the next step's fit
    label_ids: list[str] = []
    label_stats: dict[str, float] = {}
    if ctx.labels is not None:
        review = ctx.labels.review(rollout_ids, ctx.should_abort)
        if review is not None:
            label_stats = {
                "review_wait_seconds": review.waited_s,
                "reviewed": float(review.complete),
            }
        if review is not None and review.collections and ctx.judge is not None:
            human = overrides_for(review, rollout_ids)
            scores = [with_human(s, h or {}) for s, h in zip(scores, human, strict=True)]
            advantages, attempt_advantages = _advantages(
                cfg, scores, group_ids, attempts, attempt_scores
            )
            label_ids += review.label_ids
    supervised, cut_ids = ctx.labels.supervised() if ctx.labels is not None else ([], [])
    label_ids += cut_ids
    update_started = time.perf_counter()
    sequences = training_sequences(
        trajectories,
        advantages,
        cfg.trains_refiner,
        last_token_only=cfg.refiner.decision_gradient == "last_token",
    )
    flawed_step_only = cfg.refiner.train_dropped == "flawed_step"
    sequences += [
        dropped_sequence(a, adv, flawed_step_only)
        for a, adv in zip(attempts, attempt_advantages, strict=True)
    ]
    for a in attempts:
        a.decision.attempt = None  # trained below; the record keeps its turns and numbers
    g = cfg.grpo
    stats = grpo_update(
        policy.model,
        policy.reference,
        policy.optimizer,
        sequences,
        GRPOSettings(
            g.clip_eps,
            g.kl_coef,
            g.minibatches,
            g.max_grad_norm,
            supervised_last_token=cfg.refiner.decision_gradient == "last_token",
        ),
        int(policy.tokenizer.pad_token_id),
        policy.precision,
        supervised,
    )
    if ctx.labels is not None:
        ctx.labels.applied(step, label_ids)
        label_stats["labels_applied"] = float(len(set(label_ids)))
        label_stats["label_cuts"] = float(len(supervised))
    return {
        **step_metrics(trajectories, scores, cfg.rollout.group_size),
        **stats,
        **label_stats,
        **prm_stats,
        **({"attempts_trained": float(len(attempts))} if cfg.refiner.trains_attempts else {}),
        **timing,
        "rollout_seconds": rollout_seconds,
        "update_seconds": time.perf_counter() - update_started,
        "step_seconds": time.perf_counter() - started,
    }


def _prm_scores(
    ctx: StepContext, trajectories: list[Trajectory]
) -> tuple[list[StepScores | None], dict[str, float]]:
    """The step scorer's verdict on each trajectory, refitted first if labels or refiner
    decisions arrived since its last fit; all None while nothing has been learnt."""
    prm = ctx.prm
    if prm is None:
        return [None] * len(trajectories), {}
    if ctx.labels is not None:
        ctx.labels.drain()
        rollouts_file = ctx.labels.run_dir.path / "rollouts.jsonl"
        prm.sync_labels(
            {i: e.label for i, e in ctx.labels.book.entries()},
            lambda wanted: labelled_rollouts(rollouts_file, wanted, {}),
        )
    refitted = prm.refresh()
    out = [prm.score(t.item.question, [turn_to_dict(x) for x in t.turns]) for t in trajectories]
    stats = {"prm_refit": float(refitted)}
    if prm.last_fit:
        stats["prm_fit_examples"] = prm.last_fit["examples"]
        stats["prm_fit_human"] = prm.last_fit["human"]
        if refitted:
            stats["prm_fit_seconds"] = prm.last_fit["fit_seconds"]
    return out, stats


def _advantages(
    cfg: RunConfig,
    scores: list[Score],
    group_ids: list[str],
    attempts: list[Attempt],
    attempt_scores: list[Score],
) -> tuple[list[float], list[float]]:
    """Each final trajectory's and each replaced attempt's advantage, the step scorer's
    term included when labels.prm_weight > 0."""
    return advantages_with_attempts(
        [s.reward for s in scores],
        group_ids,
        attempts,
        [s.reward for s in attempt_scores],
        cfg.grpo.adv_eps,
        [s.r_prm for s in scores],
        [s.r_prm for s in attempt_scores],
        cfg.labels.prm_weight,
    )


def _attempt_scores(ctx: StepContext, attempts: list[Attempt]) -> list[Score]:
    """The attempts' rewards, made as the final trajectories' are (judge, step scorer)."""
    scores = score_trajectories([a.trajectory for a in attempts], ctx.judge)
    if ctx.prm is None:
        return scores
    out: list[Score] = []
    for a, s in zip(attempts, scores, strict=True):
        prm = ctx.prm.score(
            a.trajectory.item.question, [turn_to_dict(x) for x in a.trajectory.turns]
        )
        out.append(with_prm(s, prm.r_prm if prm else None))
    return out


def _micro_batches(
    trajectories: list[Trajectory], size: int, group_size: int
) -> list[list[Trajectory]]:
    """Whole groups per chunk: memory for ``size`` trajectories in flight, not the step's."""
    if size <= 0 or size >= len(trajectories):
        return [trajectories]
    step = max(group_size, size - size % group_size)
    return [trajectories[i : i + step] for i in range(0, len(trajectories), step)]


def training_sequences(
    trajectories: list[Trajectory],
    advantages: list[float],
    trains_refiner: bool,
    last_token_only: bool = False,
) -> list[TrainSequence]:
    """The trajectories, plus (joint GRPO) each refiner decision with its trajectory's
    advantage: the step-number token is trained, the control prompt is not."""
    sequences = [trajectory_sequence(t, a) for t, a in zip(trajectories, advantages, strict=True)]
    if trains_refiner:
        for t, a in zip(trajectories, advantages, strict=True):
            for d in t.refinements:
                ids = [*d.prompt_ids, d.token_id]
                mask = [0] * len(d.prompt_ids) + [1]
                context = d.context if last_token_only else None
                d.context = None  # the update is its one reader: free the memory after it
                sequences.append(TrainSequence(ids, mask, a, last_token_only, context))
    return sequences
