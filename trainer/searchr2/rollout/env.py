"""Assemble the rollout environment for a policy and a retriever."""

from __future__ import annotations

from transformers import PreTrainedModel, PreTrainedTokenizerBase

from searchr2.retrieval.types import Retriever
from searchr2.rollout.loop import Environment


def stop_token_ids(tokenizer: PreTrainedTokenizerBase) -> set[int]:
    """Token ids that end a turn: </search>, </answer> and EOS.

    The demo tokenizer has the tags as single tokens. A tokenizer that splits them is
    refused for now, with the fix named: stop-string matching is future work.
    """
    stops = {int(tokenizer.eos_token_id)}
    for tag in ("</search>", "</answer>"):
        ids = tokenizer.encode(tag, add_special_tokens=False)
        if len(ids) != 1:
            raise ValueError(
                f"tokenizer splits {tag} into {len(ids)} tokens; add the Search-R1 tags as "
                "tokens (tokenizer.add_tokens) and resize the model's embeddings"
            )
        stops.add(int(ids[0]))
    return stops


def make_environment(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, retriever: Retriever
) -> Environment:
    return Environment(model, tokenizer, retriever, stop_token_ids(tokenizer))
