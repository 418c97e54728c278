"""A lean one-token decoding step for Llama-family models (Llama, Qwen2, Mistral).

Decoding on a CPU is bound by per-call overhead, not arithmetic (DEMO-FEASIBILITY):
the demo model's hidden width is 128. Hugging Face's forward builds an attention
mask, a cache object and position embeddings on every call and grows the cache by
concatenation. This step writes keys and values into buffers sized once per
``generate`` call and runs only the ops the architecture needs, about 1.5-2x faster
a token on the demo model (bench/decode_step.py measures a step's rollouts; parity
with Hugging Face's forward: tests/test_lean_decode.py).

It reads the model's live weights on every call, so it follows each optimizer step,
and it only runs when ``supports`` recognises every piece it reimplements; anything
else (sliding windows, q/k norms, other activations) decodes through Hugging Face.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from transformers import DynamicCache, PreTrainedModel

from searchr2.model.kv import RowCache, layer_tensors

_FAMILIES = {"llama", "qwen2", "mistral"}


def supports(model: PreTrainedModel) -> bool:
    """Does every layer have exactly the parts this step reimplements?"""
    config: Any = model.config
    if config.model_type not in _FAMILIES or getattr(config, "hidden_act", None) != "silu":
        return False
    if getattr(config, "pretraining_tp", 1) != 1 or getattr(config, "use_sliding_window", False):
        return False
    if config.model_type == "mistral" and getattr(config, "sliding_window", None) is not None:
        return False
    inner = getattr(model, "model", None)
    if inner is None or not hasattr(model, "lm_head"):
        return False
    if not all(hasattr(inner, name) for name in ("embed_tokens", "layers", "norm", "rotary_emb")):
        return False
    return all(_plain_layer(layer) for layer in inner.layers)


def _plain_layer(layer: Any) -> bool:
    attention, mlp = getattr(layer, "self_attn", None), getattr(layer, "mlp", None)
    if attention is None or mlp is None:
        return False
    if any(not hasattr(attention, p) for p in ("q_proj", "k_proj", "v_proj", "o_proj", "scaling")):
        return False
    if hasattr(attention, "q_norm") or getattr(attention, "sliding_window", None) is not None:
        return False
    if any(not hasattr(mlp, p) for p in ("gate_proj", "up_proj", "down_proj")):
        return False
    norms = (layer.input_layernorm, layer.post_attention_layernorm)
    return all(hasattr(n, "weight") and hasattr(n, "variance_epsilon") for n in norms)


def _rms_norm(x: torch.Tensor, norm: Any) -> torch.Tensor:
    weight: torch.Tensor = norm.weight
    if x.dtype == torch.float32:
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + norm.variance_epsilon))
    wide = x.float()  # as Hugging Face does: the statistics in fp32
    scaled = wide * torch.rsqrt(wide.pow(2).mean(-1, keepdim=True) + norm.variance_epsilon)
    return weight * scaled.to(x.dtype)


def _rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin


class LeanDecoder:
    """Continues a prefilled batch one token a call; rows can be dropped as they finish.

    ``cache`` and ``mask`` are the prefill's: every row's keys and values over the same
    slots, with ``mask`` marking which slots are real. ``room`` slots are added for new
    tokens; each step fills the next slot for every row still in the batch.
    """

    def __init__(
        self, model: PreTrainedModel, cache: DynamicCache, mask: torch.Tensor, room: int
    ) -> None:
        self._inner: Any = model.model
        self._head: Any = model.get_output_embeddings()
        self._keys: list[torch.Tensor] = []
        self._values: list[torch.Tensor] = []
        for keys, values in layer_tensors(cache):
            rows, heads, width, dim = keys.shape
            self._keys.append(keys.new_zeros((rows, heads, width + room, dim)))
            self._values.append(values.new_zeros((rows, heads, width + room, dim)))
            self._keys[-1][:, :, :width] = keys
            self._values[-1][:, :, :width] = values
        self._valid = torch.zeros((mask.shape[0], mask.shape[1] + room), dtype=torch.bool)
        self._valid = self._valid.to(mask.device)
        self._valid[:, : mask.shape[1]] = mask.bool()
        # Added to the attention scores: 0 on real slots, -inf elsewhere.
        self._bias = torch.zeros(self._valid.shape, dtype=torch.float32, device=mask.device)
        self._bias.masked_fill_(~self._valid, float("-inf"))
        self._length = mask.shape[1]

    def keep(self, index: torch.Tensor) -> None:
        self._keys = [k.index_select(0, index) for k in self._keys]
        self._values = [v.index_select(0, index) for v in self._values]
        self._valid, self._bias = self._valid[index], self._bias[index]

    def row_cache(self, row: int) -> RowCache:
        kept = self._valid[row, : self._length].nonzero().squeeze(-1)
        return RowCache(
            tuple(
                (k[row].index_select(1, kept), v[row].index_select(1, kept))
                for k, v in zip(self._keys, self._values, strict=True)
            )
        )

    def step(self, tokens: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        """Logits [B, vocab] after feeding ``tokens`` [B] at ``positions`` [B, 1]."""
        slot = self._length
        self._valid[:, slot] = True
        self._bias[:, slot] = 0.0
        self._length += 1
        bias = self._bias[:, None, None, : self._length]
        hidden = self._inner.embed_tokens(tokens[:, None])  # [B, 1, C]
        cos, sin = self._inner.rotary_emb(hidden, positions)
        cos, sin = cos[:, None], sin[:, None]  # [B, 1, 1, D], broadcast over heads
        rows = hidden.shape[0]
        for layer, keys, values in zip(self._inner.layers, self._keys, self._values, strict=True):
            attention, mlp = layer.self_attn, layer.mlp
            x = _rms_norm(hidden, layer.input_layernorm)
            kv_heads, dim = keys.shape[1], keys.shape[3]
            # Query heads grouped under their key/value head, as repeat_kv pairs them.
            q = attention.q_proj(x).view(rows, kv_heads, -1, dim)
            k = attention.k_proj(x).view(rows, kv_heads, 1, dim)
            keys[:, :, slot : slot + 1] = _rotate(k, cos, sin)
            values[:, :, slot : slot + 1] = attention.v_proj(x).view(rows, kv_heads, 1, dim)
            q = _rotate(q, cos, sin)
            scores = q @ keys[:, :, : self._length].transpose(-1, -2) * attention.scaling
            weights = torch.softmax(scores.float() + bias, dim=-1).to(values.dtype)
            mixed = (weights @ values[:, :, : self._length]).reshape(rows, 1, -1)
            hidden = hidden + attention.o_proj(mixed)
            x = _rms_norm(hidden, layer.post_attention_layernorm)
            hidden = hidden + mlp.down_proj(F.silu(mlp.gate_proj(x)) * mlp.up_proj(x))
        logits: torch.Tensor = self._head(_rms_norm(hidden, self._inner.norm))
        return logits[:, -1, :]
