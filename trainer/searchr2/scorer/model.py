"""P(step is flawed) as a logistic regression over the step features, and its ONNX form.

Fitting is full-batch Adam on the weighted cross-entropy from zero weights, a fixed
number of iterations: deterministic and a few milliseconds for thousands of steps.
The ONNX graph takes "features" [N, TOTAL_DIM] float32 and gives "p_flawed" [N].
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch

from searchr2.scorer.examples import Example
from searchr2.scorer.features import TOTAL_DIM

INPUT, OUTPUT = "features", "p_flawed"
ITERATIONS = 200
LEARNING_RATE = 0.05
L2 = 1e-3  # keeps weights of hash buckets seen once from growing without bound


class _Logistic(torch.nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(dim, 1)
        torch.nn.init.zeros_(self.linear.weight)
        torch.nn.init.zeros_(self.linear.bias)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.linear(features)).reshape(-1)


def _sparse(vectors: Sequence[Mapping[int, float]], dim: int) -> torch.Tensor:
    rows = [r for r, vec in enumerate(vectors) for _ in vec]
    cols = [c for vec in vectors for c in vec]
    values = [v for vec in vectors for v in vec.values()]
    index = torch.tensor([rows, cols], dtype=torch.long)
    shape = (len(vectors), dim)
    values_t = torch.tensor(values, dtype=torch.float32)
    return torch.sparse_coo_tensor(index, values_t, shape, check_invariants=True).coalesce()


class StepScorer:
    def __init__(self, dim: int = TOTAL_DIM) -> None:
        self.dim = dim
        self.module = _Logistic(dim)

    def fit(self, examples: Sequence[Example]) -> dict[str, float]:
        """Fit from zero on ``examples``; returns what the fit saw and how well it fits."""
        if not examples:
            raise ValueError("the step scorer needs at least one labelled step to fit")
        started = time.perf_counter()
        x = _sparse([e.features for e in examples], self.dim)
        y = torch.tensor([float(e.flawed) for e in examples])
        w = torch.tensor([e.weight for e in examples])
        w = w * len(examples) / float(w.sum())  # weights scale labels, not the step size
        self.module = _Logistic(self.dim)
        linear = self.module.linear
        xt = x.t().coalesce()
        optimizer = torch.optim.Adam(self.module.parameters(), lr=LEARNING_RATE)
        # The cross-entropy's gradient written out (X^T r) over a sparse X: a step touches
        # a few dozen of the 2059 features, so this stays linear and cheap in the steps.
        with torch.no_grad():
            for _ in range(ITERATIONS):
                logits = torch.sparse.mm(x, linear.weight.t()).reshape(-1) + linear.bias
                residual = (w * (torch.sigmoid(logits) - y) / len(examples)).reshape(-1, 1)
                linear.weight.grad = torch.sparse.mm(xt, residual).t() + 2 * L2 * linear.weight
                linear.bias.grad = residual.sum().reshape(1)
                optimizer.step()
        with torch.no_grad():
            logits = torch.sparse.mm(x, linear.weight.t()).reshape(-1) + linear.bias
            final = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, weight=w)
            accuracy = float(((logits > 0).float() == y).float().mean())
        return {
            "examples": float(len(examples)),
            "human": float(sum(e.source == "human" for e in examples)),
            "refiner": float(sum(e.source == "refiner" for e in examples)),
            "flawed": float(sum(e.flawed for e in examples)),
            "loss": float(final),
            "accuracy": accuracy,
            "fit_seconds": time.perf_counter() - started,
        }

    def predict(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """P(flawed) for each row of a [N, dim] float32 matrix."""
        with torch.no_grad():
            p = self.module(torch.from_numpy(np.asarray(features, dtype=np.float32)))
        out: npt.NDArray[np.float32] = p.numpy()
        return out

    def state_dict(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in self.module.state_dict().items()}

    def load_state_dict(self, state: dict[str, torch.Tensor]) -> None:
        weight = state.get("linear.weight")
        if weight is None or tuple(weight.shape) != (1, self.dim):
            shape = None if weight is None else tuple(weight.shape)
            raise ValueError(
                f"step scorer weights have shape {shape}, expected (1, {self.dim}): "
                "they were saved for another featurisation"
            )
        self.module.load_state_dict(state)

    def save(self, path: Path) -> None:
        torch.save(self.state_dict(), path)

    @classmethod
    def load(cls, path: Path, dim: int = TOTAL_DIM) -> StepScorer:
        scorer = cls(dim)
        scorer.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        return scorer

    def export_onnx(self, path: Path) -> None:
        """Write the ONNX graph (needs the ``onnx`` package, a trainer dependency)."""
        with warnings.catch_warnings():
            # The TorchScript exporter is the one that needs no onnxscript; it warns.
            warnings.simplefilter("ignore", DeprecationWarning)
            torch.onnx.export(
                self.module,
                (torch.zeros(1, self.dim),),
                str(path),
                dynamo=False,
                input_names=[INPUT],
                output_names=[OUTPUT],
                dynamic_axes={INPUT: {0: "steps"}, OUTPUT: {0: "steps"}},
            )
