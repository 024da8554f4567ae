"""Sparse linear models as the package ships them: named features in, class probabilities out.

Every learned part of the events stage (the typer, the detector) is a logistic regression over
named features, trained by a script with scikit-learn and shipped as `<name>.json` (classes,
feature names, manifest) and `<name>.npz` (weights: features x classes, bias). Inference is a few
numpy row sums, with no scikit-learn at run time. A binary model ships one weight column for its
positive class (scikit-learn's layout), read as a sigmoid.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Feature index, weights (features x classes, or one column for a binary model) and bias."""

    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray
    bias: np.ndarray
    manifest: dict[str, Any]

    def scores(self, features: Mapping[str, float]) -> np.ndarray:
        """Bias plus the weighted rows of the features the model knows, in one product."""
        rows, values = [], []
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None:
                rows.append(i)
                values.append(value)
        if not rows:
            return self.bias.copy()
        return self.bias + np.asarray(values, dtype=np.float32) @ self.weights[rows]

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Class probabilities: a softmax over the classes, or a sigmoid for a binary model."""
        s = self.scores(features)
        if len(self.classes) == 2 and s.shape[0] == 1:
            p = float(1.0 / (1.0 + np.exp(-s[0])))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        s = s - s.max()
        e = np.exp(s)
        return dict(zip(self.classes, (e / e.sum()).tolist(), strict=True))


def load_linear(directory: Traversable | str | Path, name: str) -> LinearModel:
    """The model whose `<name>.json` and `<name>.npz` lie in `directory`."""
    data = Path(directory) if isinstance(directory, str) else directory
    meta = json.loads(data.joinpath(f"{name}.json").read_text("utf-8"))
    arrays = np.load(io.BytesIO(data.joinpath(f"{name}.npz").read_bytes()))
    index = {feature: i for i, feature in enumerate(meta["features"])}
    return LinearModel(tuple(meta["classes"]), index, arrays["weights"].astype(np.float32),
                       arrays["bias"].astype(np.float32), meta["manifest"])


def write_linear(directory: Path, name: str, classes: Sequence[str], features: Sequence[str], weights: np.ndarray,
                 bias: np.ndarray, manifest: dict[str, Any]) -> list[Path]:
    """Ship a trained model: weights rounded to float32, features in a stable order."""
    directory.mkdir(parents=True, exist_ok=True)
    npz, meta = directory / f"{name}.npz", directory / f"{name}.json"
    with open(npz, "wb") as f:
        np.savez_compressed(f, weights=weights.astype(np.float32), bias=bias.astype(np.float32))
    meta.write_text(json.dumps({"classes": list(classes), "features": list(features), "manifest": manifest},
                               indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [npz, meta]
