"""Shared fixtures: where the repository and its published dataset are, and the table list."""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("DATASET_DIST", ROOT / "dist"))


def package():
    return json.loads((DIST / "datapackage.json").read_text(encoding="utf-8"))


def table_names():
    return [r["name"] for r in package()["resources"] if r["format"] == "csv"]


def formats():
    """The formats the dataset is published in: the folders of dist/ but `sources/`, which
    holds the articles' texts (the data package lists only some of the formats)."""
    return sorted(p.name for p in DIST.iterdir() if p.is_dir() and p.name != "sources")


def table_schema(name):
    for r in package()["resources"]:
        if r["name"] == name:
            return r["schema"]
    raise KeyError(name)


@pytest.fixture(scope="session")
def dist():
    return DIST


@pytest.fixture(scope="session")
def root():
    return ROOT
