"""Derive the run config's JSON Schema from the RunConfig dataclasses.

The dataclasses stay the one source of truth: the committed run-config.schema.json is
generated from them (``python -m searchr2 config-schema``) and a test fails when it drifts,
so the editor's as-you-type validation and ``from_dict`` cannot disagree.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import typing
from typing import Any

from searchr2.config.schema import RunConfig

SCHEMA_ID = "https://searchr2.studio/config/run-config.schema.json"
_SCALARS: dict[Any, str] = {bool: "boolean", int: "integer", float: "number", str: "string"}
_TRAILING = re.compile(r"^\s+(\w+):[^#]*#\s*(.+)$")
_LEADING = re.compile(r"^\s+#\s*(.*)$")
_FIELD = re.compile(r"^\s+(\w+):")


def _comments(cls: type) -> dict[str, str]:
    """Field name -> its source comment (trailing, or the block just above it)."""
    out: dict[str, str] = {}
    block: list[str] = []
    for line in inspect.getsource(cls).splitlines():
        if lead := _LEADING.match(line):
            block.append(lead.group(1))
        elif trail := _TRAILING.match(line):
            out[trail.group(1)] = trail.group(2).strip()
            block = []
        elif (name := _FIELD.match(line)) and block:
            out[name.group(1)] = " ".join(block)
            block = []
        else:
            block = []
    return out


def _property(annotation: Any, f: dataclasses.Field[Any], comment: str | None) -> dict[str, Any]:
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return section_schema(annotation)
    prop: dict[str, Any]
    if typing.get_origin(annotation) is typing.Literal:
        prop = {"enum": list(typing.get_args(annotation))}
    else:
        prop = {"type": _SCALARS[annotation]}
    if comment:
        prop["description"] = comment
    if f.default is not dataclasses.MISSING:
        prop["default"] = f.default
    if f.metadata.get("lo") is not None:
        prop["minimum"] = f.metadata["lo"]
    if f.metadata.get("hi") is not None:
        prop["maximum"] = f.metadata["hi"]
    return prop


def section_schema(cls: type) -> dict[str, Any]:
    """An object schema for one config dataclass; unknown keys are refused, as from_dict does."""
    hints = typing.get_type_hints(cls)
    comments = _comments(cls)
    props = {
        f.name: _property(hints[f.name], f, comments.get(f.name)) for f in dataclasses.fields(cls)
    }
    out: dict[str, Any] = {"type": "object"}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):  # skip dataclass repr doc
        out["description"] = " ".join(cls.__doc__.split())
    out["properties"] = props
    out["additionalProperties"] = False
    return out


def run_config_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Search-R2 run config",
        **section_schema(RunConfig),
    }


def render() -> str:
    """The exact text committed as run-config.schema.json (stable key order, final newline)."""
    return json.dumps(run_config_schema(), indent=2) + "\n"
