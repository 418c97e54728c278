"""The committed run-config.schema.json is generated from the dataclasses, and agrees with them."""

import json
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from searchr2.cli import main
from searchr2.config.json_schema import render
from searchr2.config.load import preset_names

COMMITTED = resources.files("searchr2.config").joinpath("run-config.schema.json")


def _validator() -> Draft202012Validator:
    schema = json.loads(COMMITTED.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_committed_schema_matches_the_dataclasses() -> None:
    assert COMMITTED.read_text("utf-8") == render(), (
        "run-config.schema.json is stale; regenerate it with "
        "`cd trainer && ../.venv/bin/python -m searchr2 config-schema "
        "> searchr2/config/run-config.schema.json`"
    )


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config-schema"]) == 0
    assert capsys.readouterr().out == render()


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_validates(name: str) -> None:
    text = resources.files("searchr2.presets").joinpath(f"{name}.json").read_text("utf-8")
    assert list(_validator().iter_errors(json.loads(text))) == []


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"grpo": {"lrr": 1}}, ["grpo"]),
        ({"grpo": {"clip_eps": 2}}, ["grpo", "clip_eps"]),
        ({"rollout": {"group_size": 0}}, ["rollout", "group_size"]),
        ({"precision": "fp16"}, ["precision"]),
        ({"train": {"max_steps": 1.5}}, ["train", "max_steps"]),
        ({"bogus": True}, []),
    ],
)
def test_schema_rejects_what_from_dict_rejects(config: dict[str, Any], path: list[str]) -> None:
    errors = list(_validator().iter_errors(config))
    assert errors and list(errors[0].absolute_path) == path
