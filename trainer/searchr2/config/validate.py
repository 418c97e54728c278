"""Build frozen dataclasses from JSON-like dicts, rejecting anything unexpected.

Errors name the full key path ("grpo.clip_eps") so a typo in a preset or a --set
flag is reported before any training starts, not silently ignored.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


class ConfigError(ValueError):
    pass


def bounded(default: Any, *, lo: float | None = None, hi: float | None = None) -> Any:
    """A dataclass field with inclusive numeric bounds checked by ``from_dict``."""
    return dataclasses.field(default=default, metadata={"lo": lo, "hi": hi})


def _check_value(key: str, value: Any, annotation: Any, meta: typing.Mapping[str, Any]) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        if value not in typing.get_args(annotation):
            choices = ", ".join(repr(c) for c in typing.get_args(annotation))
            raise ConfigError(f"config key '{key}' must be one of {choices}, got {value!r}")
        return value
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return from_dict(annotation, value, key)
    if origin in (typing.Union, types.UnionType):
        raise ConfigError(f"config key '{key}': unions are not supported")  # pragma: no cover
    if annotation is bool:
        ok = isinstance(value, bool)
    elif annotation is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif annotation is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, annotation)
    if not ok:
        raise ConfigError(f"config key '{key}' must be {annotation.__name__}, got {value!r}")
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and value < lo:
        raise ConfigError(f"config key '{key}' must be >= {lo}, got {value!r}")
    if hi is not None and value > hi:
        raise ConfigError(f"config key '{key}' must be <= {hi}, got {value!r}")
    return value


def from_dict(cls: type[T], data: Any, prefix: str = "") -> T:
    """Instantiate ``cls`` from ``data``; missing keys take the dataclass defaults."""
    if not isinstance(data, dict):
        raise ConfigError(f"config section '{prefix or '<root>'}' must be an object")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in data:
        if key not in fields:
            path = f"{prefix}.{key}" if prefix else key
            raise ConfigError(f"unknown config key '{path}'")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if name in data:
            values[name] = _check_value(path, data[name], hints[name], f.metadata)
    return cls(**values)


def to_dict(obj: Any) -> dict[str, Any]:
    result: dict[str, Any] = dataclasses.asdict(obj)
    return result


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out
