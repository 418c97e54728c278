"""Train the demo tokenizer with the `tokenizers` library and wrap it for transformers.

Byte-level BPE, so any text (a real question, a stray byte) encodes. Every word of the
fixed person-name pool (world/names.py) is registered as one added token [ours], matched
only as a whole word, so a name is two tokens the model copies one by one, for held-out
people as well as training ones. The BPE itself is trained on text with the names
taken out, so its vocabulary goes to the rest of the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

# Single tokens for the protocol tags: a turn ends on one token id, and a tag is
# never split in a way that differs between generation and training.
TAGS = (
    "<think>",
    "</think>",
    "<search>",
    "</search>",
    "<answer>",
    "</answer>",
    "<information>",
    "</information>",
)
EOS = "<|endoftext|>"
PAD = "<|pad|>"


def train_tokenizer(
    texts: Iterable[str], vocab_size: int, whole_words: Sequence[str] = ()
) -> PreTrainedTokenizerFast:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=[EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in TAGS])
    tok.add_tokens(
        [AddedToken(w, special=False, normalized=False, single_word=True) for w in whole_words]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token=EOS,
        pad_token=PAD,
        clean_up_tokenization_spaces=False,
    )
