"""Load the protocol schema and validate messages against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@cache
def schema() -> dict[str, Any]:
    text = (
        resources.files("searchr2.protocol").joinpath("searchr2-1.schema.json").read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(definition: str) -> Draft202012Validator:
    root = schema()
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": root["$defs"]})


def validation_errors(message: Any, definition: str) -> list[str]:
    """Human-readable reasons ``message`` is not a valid ``definition`` (Event, Command, ...)."""
    errors = sorted(_validator(definition).iter_errors(message), key=lambda e: list(e.path))
    return [e.message for e in errors]


def command_names() -> list[str]:
    names: list[str] = schema()["$defs"]["CommandName"]["enum"]
    return names
