"""Resolve a run config: preset file, then a user's JSON file, then --set overrides."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from searchr2.config.schema import RunConfig
from searchr2.config.validate import ConfigError, deep_merge, from_dict


def preset_names() -> list[str]:
    files = resources.files("searchr2.presets").iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


def _preset(name: str) -> dict[str, Any]:
    if name not in preset_names():
        raise ConfigError(f"unknown preset '{name}' (known: {', '.join(preset_names())})")
    text = resources.files("searchr2.presets").joinpath(f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def parse_assignment(assignment: str) -> dict[str, Any]:
    """'grpo.lr=1e-4' -> {"grpo": {"lr": 0.0001}}; the value is JSON, else a string."""
    key, sep, raw = assignment.partition("=")
    if not sep or not key:
        raise ConfigError(f"--set expects key=value, got '{assignment}'")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    for part in reversed(key.split(".")):
        value = {part: value}
    result: dict[str, Any] = value
    return result


def resolve_config(
    preset: str,
    config_file: Path | None = None,
    assignments: list[str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> RunConfig:
    data = _preset(preset)
    if config_file is not None:
        try:
            data = deep_merge(data, json.loads(config_file.read_text("utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read config file {config_file}: {exc}") from exc
    for assignment in assignments or []:
        data = deep_merge(data, parse_assignment(assignment))
    data = deep_merge(data, overrides or {})
    return from_dict(RunConfig, data)
