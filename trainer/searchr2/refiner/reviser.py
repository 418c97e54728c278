"""Cut-and-regenerate: judge each finished trajectory, cut the revised ones at step j.

Used as the rollout loop's ``on_finished`` hook, so a cut trajectory goes straight
back into the running batch with its kept prefix (steps 1..j-1 and their tool
outputs, token for token) and the Actor regenerates only the suffix. Each trajectory
is revised at most ``max_revisions`` times (N_max); training rollouts only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.config.schema import RefinerConfig
from searchr2.model.kv import RowCache
from searchr2.refiner.decide import Verdict, digit_token_ids, step_logprobs, verdict_from_logprobs
from searchr2.refiner.prompt import MAX_STEPS, prompt_version, refiner_prompt
from searchr2.rollout.trajectory import Trajectory, TurnRecord


@dataclass
class Decision:
    prompt_version: str
    verdict: Verdict
    prompt_ids: list[int]  # the control prompt as the model read it
    token_id: int  # the step number it answered (the joint-GRPO trained token)
    n_steps: int
    dropped_turns: list[TurnRecord] = field(default_factory=list)
    # The control prompt's keys and values (all but its last token), kept for a
    # last-token joint update (refiner.decision_gradient); dropped after the update.
    context: RowCache | None = None
    # refiner.train_dropped: the attempt as it stood before this cut, and, once scored,
    # its reward and the advantage its dropped suffix is trained with.
    attempt: Trajectory | None = None
    attempt_reward: float | None = None
    attempt_advantage: float | None = None

    @property
    def kept_turns(self) -> int:
        return self.verdict.cut_step - 1 if self.verdict.revise else self.n_steps


class MetaRefiner:
    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        actor_prompt: str,
        config: RefinerConfig,
        max_length: int,
        generator: torch.Generator | None = None,
        keep_context: bool = False,
        keep_attempts: bool = False,
        keep_attempt_prefix: bool = False,
    ) -> None:
        self.model, self.tokenizer, self.config = model, tokenizer, config
        self.actor_prompt, self.max_length, self.generator = actor_prompt, max_length, generator
        self.version = prompt_version(actor_prompt)
        self.digits = digit_token_ids(tokenizer, MAX_STEPS)
        self.pad_id = int(tokenizer.pad_token_id)
        self.keep_context = keep_context
        self.keep_attempts = keep_attempts
        self.keep_attempt_prefix = keep_attempt_prefix
        # Time spent judging, summed over calls: a step reports its share of the rollout.
        self.seconds = 0.0

    def __call__(self, finished: list[Trajectory]) -> None:
        started = time.perf_counter()
        try:
            self._judge(finished)
        finally:
            self.seconds += time.perf_counter() - started

    def _judge(self, finished: list[Trajectory]) -> None:
        judged: list[tuple[Trajectory, list[int], int]] = []
        for t in finished:
            if not t.turns or t.revisions >= self.config.max_revisions:
                continue
            text = refiner_prompt(t.item.question, t.turns, self.actor_prompt)
            ids: list[int] = self.tokenizer.encode(text, add_special_tokens=False)
            if len(ids) + 1 > self.max_length:
                continue  # too long to judge within the context: kept as it is
            judged.append((t, ids, min(len(t.turns), MAX_STEPS)))
        if not judged:
            return
        results = step_logprobs(
            self.model,
            [ids for _, ids, _ in judged],
            [n for *_, n in judged],
            self.digits,
            self.pad_id,
            keep_context=self.keep_context,
        )
        for (t, ids, n), result in zip(judged, results, strict=True):
            c = self.config
            verdict = verdict_from_logprobs(
                result.step_logprobs, c.margin, c.cut, self.generator, c.revise_score, c.decision
            )
            token = self.digits[verdict.cut_step]
            decision = Decision(self.version, verdict, ids, token, n, context=result.context)
            if verdict.revise:
                if self.keep_attempts:
                    decision.attempt = t.attempt()
                    if self.keep_attempt_prefix and t.kv is not None:
                        # The kept prefix's keys and values but its last token's, whose
                        # position predicts the first dropped token (refiner.attempt_gradient).
                        kept = len(t.prompt_ids) + t.turn_starts[verdict.cut_step - 1]
                        decision.attempt.kv = t.kv.crop(kept - 1)
                decision.dropped_turns = t.cut(verdict.cut_step)
            t.refinements.append(decision)
