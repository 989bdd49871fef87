"""CITATION.cff at the repository root: valid Citation File Format, made from seeds/dataset.json."""

import json
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT


def test_cffconvert_validates_the_citation_file():
    cli = Path(sys.executable).parent / "cffconvert"
    run = subprocess.run(
        [cli, "--validate", "-i", ROOT / "CITATION.cff"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "are valid" in run.stdout + run.stderr


def test_the_citation_is_the_metadata_file_s():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    meta = json.loads((ROOT / "seeds" / "dataset.json").read_text(encoding="utf-8"))
    assert cff["type"] == "dataset"
    assert cff["title"] == meta["title"]
    assert cff["version"] == meta["version"]
    assert cff["license"] == meta["license"]["id"]
    assert "doi" not in cff and "identifiers" not in cff
