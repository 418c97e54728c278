import json
from pathlib import Path

import pytest

from searchr2.config.load import preset_names, resolve_config
from searchr2.config.schema import RolloutConfig
from searchr2.config.validate import ConfigError


def test_presets_resolve() -> None:
    assert {"demo", "test"} <= set(preset_names())
    demo = resolve_config("demo")
    assert demo.rollout.group_size == 5 and demo.rollout.top_k == 1
    assert demo.rollout.prompt == "compact" and demo.torch_threads == 1
    assert demo.grpo.clip_eps == 0.2
    # The schema's own default stays Search-R1's prompt, for real models.
    assert RolloutConfig().prompt == "search_r1"


@pytest.mark.parametrize(
    ("assignment", "named"),
    [
        ("grpo.lrr=1", "grpo.lrr"),
        ("grpo.clip_eps=2", "grpo.clip_eps"),
        ("train.max_steps=1.5", "train.max_steps"),
        ('precision="fp16"', "precision"),
        ("rollout.group_size=0", "rollout.group_size"),
        ("world=3", "world"),
    ],
)
def test_bad_keys_and_values_are_rejected_by_name(assignment: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        resolve_config("test", assignments=[assignment])


def test_overrides_apply_in_order(tmp_path: Path) -> None:
    file = tmp_path / "c.json"
    file.write_text(json.dumps({"grpo": {"lr": 0.5}, "seed": 3}))
    cfg = resolve_config("test", file, ["grpo.lr=0.25"], {"train": {"max_steps": 7}})
    assert (cfg.grpo.lr, cfg.seed, cfg.train.max_steps) == (0.25, 3, 7)


def test_unknown_preset() -> None:
    with pytest.raises(ConfigError, match="unknown preset"):
        resolve_config("nope")
