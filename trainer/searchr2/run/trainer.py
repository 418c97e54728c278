"""The training run: load (or build) assets, then GRPO steps under editor control.

Control points: pause and save_checkpoint are served between steps; stop is seen
between tokens too, so a step in its rollouts is abandoned at once (nothing of it is
streamed or trained on) and the run ends with a checkpoint of the last whole step.
A resumed run starts from its checkpoint's step with every state restored.

Given a label inbox (the editor over stdio), human labels are taken between steps and
while a batch waits for review, and enter the next update (searchr2.labels).

Regenerate requests (searchr2.regenerate) are served between steps too, paused or not,
with their own sampling generator: a run that serves them trains exactly as one that
does not, and what they generate is never trained on.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any, Literal

import torch

from searchr2.annotations.inbox import LabelInbox
from searchr2.assets.cache import asset_dir, is_complete
from searchr2.assets.prepare import prepare_demo_assets, rollout_settings
from searchr2.config.schema import RunConfig
from searchr2.config.validate import to_dict
from searchr2.errors import Aborted
from searchr2.evaluate import evaluate_em
from searchr2.labels.session import LabelSession
from searchr2.model.generate import GenerationAborted
from searchr2.model.precision import autocast
from searchr2.model.threads import torch_threads
from searchr2.protocol.emitter import Emitter
from searchr2.regenerate.serve import RegenerateContext, regenerate
from searchr2.reporting import Reporter, log
from searchr2.run.checkpoint import (
    ResumePoint,
    TrainerState,
    TrainingState,
    capture_rng,
    check_same_model,
    restore_rng,
    save_checkpoint,
)
from searchr2.run.control import Control
from searchr2.run.policy import Policy, Sources, load_run_policy, real_sources
from searchr2.run.run_dir import RunDir
from searchr2.run.step import StepContext, make_step_context, run_step
from searchr2.scorer.export import export_step_scorer

StopReason = Literal["completed", "requested", "error"]


@dataclass
class Outcome:
    reason: StopReason
    step: int
    checkpoint: str | None


class TrainingRun:
    def __init__(
        self,
        config: RunConfig,
        run_dir: RunDir,
        run_id: str,
        emitter: Emitter,
        reporter: Reporter,
        control: Control,
        resume: ResumePoint | None = None,
        labels: LabelInbox | None = None,
    ) -> None:
        self.config, self.run_dir, self.run_id = config, run_dir, run_id
        self.emitter, self.reporter, self.control = emitter, reporter, control
        self.resume, self.inbox = resume, labels
        self.labels: LabelSession | None = None
        self.step = resume.info.state.step if resume else 0
        # The checkpoint resumed from is this step's: no need to write it again.
        self._saved_step: int | None = self.step if resume else None
        self._last_eval_step: int | None = None

    def _checkpoint(self, policy: Policy, ctx: StepContext) -> str:
        path = self.run_dir.checkpoint_path(self.step)
        if self._saved_step != self.step:
            training = TrainingState(
                policy.optimizer.state_dict(),
                policy.scheduler.state_dict(),
                capture_rng(ctx.rng, ctx.generator),
            )
            state = TrainerState(self.step, self.run_id, to_dict(self.config), policy.warmup_steps)
            save_checkpoint(path, policy.model, policy.tokenizer, training, state)
            export_step_scorer(self.run_dir.path, path, self.reporter)
            self._saved_step = self.step
        log.info("checkpoint saved: %s", path)  # stderr only: the event says it
        self.emitter.emit({"type": "checkpoint_saved", "step": self.step, "path": str(path)})
        return str(path)

    def _publish_rollout(self, rollout: dict[str, Any]) -> None:
        self.run_dir.append_rollout(rollout)
        self.control.regenerations.remember(rollout)
        self.emitter.emit({"type": "rollout", "rollout": rollout})

    def _regenerate_context(self, policy: Policy, ctx: StepContext) -> RegenerateContext:
        return RegenerateContext(
            env=policy.env,
            tokenizer=policy.tokenizer,
            settings=ctx.settings,
            judge=ctx.judge,
            questions={q.id: q for q in policy.train},
            run_seed=self.config.seed,
            should_abort=lambda: self.control.stop_requested,
        )

    def _serve_regeneration(self, policy: Policy, ctx: StepContext) -> None:
        request = self.control.regenerations.take()
        if request is None:
            return
        failed: dict[str, Any] = {
            "type": "regenerate_failed",
            "id": request.command_id,
            "rollout_id": request.rollout_id,
        }
        try:
            with (
                torch.no_grad(),
                torch_threads(self.config.rollout_threads),
                autocast("bf16" if policy.precision == "bf16" else "fp32", policy.device),
            ):
                event = regenerate(request, self._regenerate_context(policy, ctx), self.step)
        except GenerationAborted:
            self.emitter.emit(
                {
                    **failed,
                    "reason": "stopped",
                    "message": "the run stopped before the regeneration finished",
                }
            )
            return
        except Exception as exc:  # one bad request must not end the training
            log.exception("regenerate %s failed", request.rollout_id)
            self.emitter.emit(
                {**failed, "reason": "failed", "message": f"{type(exc).__name__}: {exc}"}
            )
            return
        finally:
            self.control.regenerations.done()
        self.run_dir.append_regeneration(event)
        self.emitter.emit(event)

    def _refuse_waiting_regeneration(self) -> None:
        request = self.control.regenerations.take()
        if request is None:
            return
        self.control.regenerations.done()
        self.emitter.emit(
            {
                "type": "regenerate_failed",
                "id": request.command_id,
                "rollout_id": request.rollout_id,
                "reason": "stopped",
                "message": "the run stopped before the regeneration was served",
            }
        )

    def _metrics(
        self, step: int, phase: Literal["sft", "train", "eval"], values: dict[str, float]
    ) -> None:
        self.run_dir.append_metrics({"step": step, "phase": phase, "time": time.time(), **values})
        self.reporter.metrics(step, phase, values)

    def _serve_between_steps(self, policy: Policy, ctx: StepContext) -> None:
        while True:
            if self.labels is not None:
                self.labels.drain()
            if self.control.take_save_request():
                self._checkpoint(policy, ctx)
            self._serve_regeneration(policy, ctx)
            if not self.control.pause_requested:
                return
            self.emitter.emit({"type": "paused", "step": self.step})
            while True:
                self.control.wait_while_paused()
                if self.control.take_save_request():
                    self._checkpoint(policy, ctx)
                if self.control.stop_requested or not self.control.regenerations.has_request:
                    break
                self._serve_regeneration(policy, ctx)
            if self.control.stop_requested:
                return
            if not self.control.pause_requested:
                self.emitter.emit({"type": "resumed", "step": self.step})
                return

    def _evaluate(self, policy: Policy) -> None:
        items = policy.heldout[: self.config.train.eval_questions]
        if not items:
            self.reporter.log("info", "no held-out questions (data.heldout_file): eval skipped")
            return
        with (
            torch.no_grad(),
            torch_threads(self.config.rollout_threads),
            autocast("bf16" if policy.precision == "bf16" else "fp32", policy.device),
        ):
            result = evaluate_em(
                policy.env,
                items,
                rollout_settings(self.config),
                should_abort=lambda: self.control.stop_requested,
            )
        self._metrics(self.step, "eval", result)
        self._last_eval_step = self.step

    def _sources(self) -> Sources:
        real = real_sources(self.config)
        if real is not None:
            self.reporter.log("info", f"model {real.model_dir}, questions {real.train_file}")
            return real
        cached = is_complete(asset_dir(self.config))
        assets = prepare_demo_assets(
            self.config, self.reporter, lambda: self.control.stop_requested
        )
        if cached:
            self.reporter.log("info", "loaded SFT warm-start from cache")
        return Sources.demo(assets)

    def _load(self) -> Policy:
        sources = self._sources()
        if self.resume is not None:
            check_same_model(self.resume.info, sources.model_dir / "config.json")
        policy = load_run_policy(self.config, sources, self.resume)
        m = policy.manifest
        if self.resume is None and m:
            self._metrics(
                0,
                "sft",
                {
                    "loss": float(m["sft_loss"]),
                    "heldout_em": float(m["sft_heldout_em"]),
                    "seconds": float(m["sft_seconds"]),
                },
            )
        if self.resume is not None:
            moved = self.run_dir.supersede_after(self.step)
            if any(moved.values()):
                self.reporter.log(
                    "info",
                    f"resumed at step {self.step}: lines of later steps moved aside "
                    f"({moved['rollouts']} rollouts, {moved['metrics']} metrics) "
                    "to *.superseded.jsonl",
                )
        return policy

    def run(self) -> Outcome:
        try:
            policy = self._load()
        except Aborted:
            # Stopped while the warm start was still being built: nothing to save yet.
            return Outcome("requested", self.step, None)
        if self.inbox is not None:
            self.labels = LabelSession(
                self.inbox,
                self.run_dir,
                self.emitter,
                self.reporter,
                self.config,
                policy.tokenizer,
                self.step,
            )
        ctx = make_step_context(
            self.config,
            policy,
            rollout_settings(self.config),
            self._publish_rollout,
            lambda: self.control.stop_requested,
            self.labels,
        )
        if self.resume is not None:
            restore_rng(self.resume.training.rng, ctx.rng, ctx.generator)
        t = self.config.train
        reason: StopReason = "completed"
        while self.step < t.max_steps:
            self._serve_between_steps(policy, ctx)
            if self.control.stop_requested:
                reason = "requested"
                break
            lr = float(policy.optimizer.param_groups[0]["lr"])
            try:
                values = run_step(ctx, self.step + 1)
            except GenerationAborted:
                reason = "requested"
                break
            policy.scheduler.step()
            self.step += 1
            self._metrics(self.step, "train", {**values, "lr": lr})
            if t.eval_every and self.step % t.eval_every == 0:
                self._evaluate_quietly(policy)
            if (
                t.checkpoint_every
                and self.step % t.checkpoint_every == 0
                and self.step < t.max_steps
            ):
                self._checkpoint(policy, ctx)
        self._refuse_waiting_regeneration()
        if reason == "completed" and self.control.stop_requested:
            reason = "requested"
        if reason == "completed" and t.eval_at_end and self._last_eval_step != self.step:
            self._evaluate_quietly(policy)
        return Outcome(reason, self.step, self._checkpoint(policy, ctx))

    def _evaluate_quietly(self, policy: Policy) -> None:
        # A stop during evaluation wins: the figure is dropped.
        with contextlib.suppress(Aborted):
            self._evaluate(policy)
