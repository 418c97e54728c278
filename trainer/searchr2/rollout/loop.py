"""The Search-R1 interaction loop over a batch of trajectories.

Each round generates one assistant turn for every unfinished trajectory (one batched
generate call), then acts: an answer ends the trajectory, a search appends the top-k
passages in an <information> block, anything else appends the invalid-action note.
After ``max_turns`` rounds one last round runs with search disabled. Trajectories
may arrive with turns already taken, so a later Meta-Refiner can cut a trajectory at
step j and call this loop again to regenerate the suffix.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Literal

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.model.generate import SamplingParams, generate
from searchr2.retrieval.types import Retriever
from searchr2.rollout.trajectory import Trajectory, TurnRecord
from searchr2.text.prompt import information_block, invalid_action_feedback
from searchr2.text.tags import extract_think, parse_action


@dataclass(frozen=True)
class RolloutSettings:
    max_turns: int
    max_new_tokens: int
    max_length: int
    top_k: int
    temperature: float
    greedy: bool = False
    prompt: str = "search_r1"  # template name, see text/prompt.py
    reuse_prefix_cache: bool = True  # keep each trajectory's KV cache between turns
    decode_precision: Literal["auto", "fp32", "run"] = "auto"  # rollout.decode_precision
    decoder: Literal["auto", "hf"] = "auto"  # rollout.decoder


@dataclass
class Environment:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    retriever: Retriever
    stop_ids: set[int]
    # For tokenizers that split the stop tags: does a row's new text end its turn?
    stop_text: Callable[[list[int]], bool] | None = None


def _encode(tokenizer: PreTrainedTokenizerBase, text: str) -> list[int]:
    ids: list[int] = tokenizer.encode(text, add_special_tokens=False)
    return ids


def run_rollouts(
    env: Environment,
    trajectories: list[Trajectory],
    settings: RolloutSettings,
    generator: torch.Generator | None = None,
    should_abort: Callable[[], bool] = lambda: False,
    on_finished: Callable[[list[Trajectory]], None] | None = None,
) -> int:
    """Advance every trajectory until it answers, runs out of turns or of context.

    ``on_finished`` sees the trajectories that finished in each round and may reopen
    some (the Meta-Refiner cuts them); those rejoin the next round's batch, so a
    regenerated suffix rides along in forward passes the others need anyway.
    Returns the number of generation rounds (batched generate calls) it took.
    """
    params = SamplingParams(settings.max_new_tokens, settings.temperature, settings.greedy)
    pad_id = int(env.tokenizer.pad_token_id)
    rounds = 0
    while True:
        finished: list[Trajectory] = []
        active = [t for t in trajectories if not t.done]
        for t in active:
            if len(t.context) + settings.max_new_tokens > settings.max_length:
                t.done = t.truncated = True
                finished.append(t)
        active = [t for t in active if not t.done]
        if active:
            rounds += 1
            finished += _advance(env, active, settings, params, pad_id, generator, should_abort)
        if finished and on_finished is not None:
            on_finished(finished)
        if all(t.done for t in trajectories):
            for t in trajectories:
                # The caches are large; the update recomputes what it needs (a kept
                # refiner context or attempt prefix holds its own slice).
                t.kv = None
            return rounds


def _decoding_arithmetic(
    model: PreTrainedModel, decode_precision: Literal["auto", "fp32", "run"]
) -> AbstractContextManager[None]:
    """fp32 turns off the caller's autocast for decoding (see rollout.decode_precision).

    Every turn of a trajectory decodes under the same choice, so the key/value caches
    kept between turns always share one dtype.
    """
    weights = next(model.parameters())
    on_cpu = weights.device.type == "cpu"
    fp32 = decode_precision == "fp32" or (decode_precision == "auto" and on_cpu)
    if fp32 and weights.dtype == torch.float32:
        return torch.autocast(weights.device.type, enabled=False)
    return nullcontext()


def _advance(
    env: Environment,
    active: list[Trajectory],
    settings: RolloutSettings,
    params: SamplingParams,
    pad_id: int,
    generator: torch.Generator | None,
    should_abort: Callable[[], bool],
) -> list[Trajectory]:
    """One round: a turn for each active trajectory; returns those it finished."""
    caches = [t.kv for t in active] if settings.reuse_prefix_cache else None
    with _decoding_arithmetic(env.model, settings.decode_precision):
        outputs = generate(
            env.model,
            [t.context for t in active],
            params,
            env.stop_ids,
            pad_id,
            generator,
            should_abort,
            caches,
            env.stop_text,
            settings.decoder,
        )
    if caches is not None:
        for t, kv in zip(active, caches, strict=True):
            t.kv = kv
    finished: list[Trajectory] = []
    searches: list[tuple[Trajectory, TurnRecord]] = []
    for t, ids in zip(active, outputs, strict=True):
        final_round = len(t.turns) >= settings.max_turns
        text = str(env.tokenizer.decode(ids, skip_special_tokens=True))
        action = parse_action(text)
        turn = TurnRecord(text, extract_think(text), action.kind, action.content)
        t.add_turn(ids, turn)
        if action.kind == "answer" or final_round:
            turn.executed = action.kind != "search"
            t.done = True
            finished.append(t)
        elif action.kind == "search":
            searches.append((t, turn))
        else:
            turn.feedback = invalid_action_feedback().strip()
            t.add_environment(_encode(env.tokenizer, invalid_action_feedback()))
    if searches:
        results = env.retriever.search([turn.content for _, turn in searches], settings.top_k)
        for (t, turn), hits in zip(searches, results, strict=True):
            turn.hits = hits
            block = information_block([h.passage for h in hits])
            t.add_environment(_encode(env.tokenizer, block))
    return finished
