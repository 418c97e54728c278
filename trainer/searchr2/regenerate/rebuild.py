"""A published rollout back as a Trajectory, then cut at step k.

The rollout record keeps text, not token ids, so the prompt, each turn and each tool
output are encoded again the way the rollout loop encoded them [ours]: the prompt by
``encode_prompt``, a turn's generated text as its tokens, a search's
``<information>`` block and the invalid-action note as the environment appended them.
This gives back the same text step by step (tested), not always the same ids: a
model may sample a word as pieces its tokenizer would not split it into (the demo's
tokenizer too), and encoding the decoded text picks the canonical split. A reader sees
no difference; the kept prefix is the same text, not always the same tokens.
Regenerated trajectories are never trained on, so no loss depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transformers import PreTrainedTokenizerBase

from searchr2.retrieval.types import Hit, Passage
from searchr2.rollout.trajectory import QAItem, Trajectory, TurnRecord
from searchr2.text.prompt import encode_prompt, information_block, invalid_action_feedback


@dataclass(frozen=True)
class RecordedItem:
    """The question as the rollout record carries it (when the run's data lacks its id)."""

    id: str
    question: str
    golden_answers: list[str]
    data_source: str = ""
    supporting_ids: list[str] = field(default_factory=list)


def _encode(tokenizer: PreTrainedTokenizerBase, text: str) -> list[int]:
    ids: list[int] = tokenizer.encode(text, add_special_tokens=False)
    return ids


def _passage(doc: Mapping[str, Any]) -> Passage:
    # Inverse of Passage.title / .text: the record keeps the bare title, and wiki-18 (like
    # the demo corpus) quotes it, so the <information> block reads as it did [ours].
    return Passage(str(doc.get("id", "")), f'"{doc.get("title", "")}"\n{doc.get("text", "")}')


def turn_of_record(record: Mapping[str, Any]) -> TurnRecord:
    """A rollouts.jsonl turn back as the TurnRecord the rollout made, passages quoted as read."""
    action = record["action"]
    content = record.get("query" if action == "search" else "answer", "")
    hits = [_passage_hit(d) for d in record.get("documents", [])]
    return TurnRecord(
        text=record["text"],
        think=record.get("think"),
        action=action,
        content=str(content or ""),
        hits=hits,
        feedback=record.get("feedback"),
    )


def _passage_hit(doc: Mapping[str, Any]) -> Hit:
    return Hit(_passage(doc), float(doc.get("score", 0.0)))


def item_of(rollout: Mapping[str, Any], known: Mapping[str, QAItem]) -> QAItem:
    """The run's own question row when it has the id (supporting ids for the judge)."""
    found = known.get(str(rollout.get("question_id", "")))
    if found is not None:
        return found
    return RecordedItem(
        str(rollout.get("question_id", "")),
        str(rollout["question"]),
        [str(a) for a in rollout.get("golden_answers", [])],
        str(rollout.get("data_source", "")),
    )


def rebuild(
    rollout: Mapping[str, Any],
    item: QAItem,
    tokenizer: PreTrainedTokenizerBase,
    prompt_template: str,
) -> Trajectory:
    """The whole trajectory as the rollout loop built it (done, caches empty)."""
    t = Trajectory(item, encode_prompt(tokenizer, item.question, prompt_template))
    for record in rollout["turns"]:
        turn = turn_of_record(record)
        t.add_turn(_encode(tokenizer, turn.text), turn)
        # The last turn's output never matters: a cut at k <= n always drops it.
        if turn.action == "search":
            t.add_environment(_encode(tokenizer, information_block([h.passage for h in turn.hits])))
        elif turn.action == "invalid":
            t.add_environment(_encode(tokenizer, invalid_action_feedback()))
    t.done = True
    return t
