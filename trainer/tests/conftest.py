"""Shared fixtures: repo paths, and one asset cache per test session.

The cache lives in a temporary directory (SEARCHR2_CACHE_DIR), so tests never read
or write a developer's ~/.cache/searchr2, and the tiny test preset is built once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "test" / "fixtures" / "protocol"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("searchr2-cache")
    old = os.environ.get("SEARCHR2_CACHE_DIR")
    os.environ["SEARCHR2_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("SEARCHR2_CACHE_DIR", None)
    else:
        os.environ["SEARCHR2_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def assets(cache_dir: Path) -> Path:
    """prepare-demo for the test preset, through the CLI (builds into the session cache)."""
    done = subprocess.run(
        [sys.executable, "-m", "searchr2", "prepare-demo", "--preset", "test"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    path = Path(done.stdout.strip().splitlines()[-1])
    assert (path / "manifest.json").is_file() and (path / "model" / "config.json").is_file()
    return path
