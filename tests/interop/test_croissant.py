"""dist/croissant.json: mlcroissant validates it without an error or a warning, and its loader
yields every row of every record set with the values of the Parquet file."""

import json
import logging
import math
import subprocess
import sys
from pathlib import Path

import mlcroissant as mlc
import pandas as pd
import pyarrow.parquet as pq

from conftest import table_names


def croissant(dist):
    return json.loads((dist / "croissant.json").read_text(encoding="utf-8"))


def test_mlcroissant_validates_it_without_errors_or_warnings(dist):
    cli = Path(sys.executable).parent / "mlcroissant"
    run = subprocess.run(
        [cli, "validate", "--jsonld", dist / "croissant.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    problems = [
        line
        for line in output.splitlines()
        if line.startswith(("W", "E")) or "warning" in line.lower() or "error" in line.lower()
    ]
    assert problems == [], output


def test_every_table_has_a_record_set_and_a_checked_file(dist):
    doc = croissant(dist)
    sums = dict(
        reversed(line.split("  ", 1))
        for line in (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    assert [r["name"] for r in doc["recordSet"]] == table_names()
    for file in doc["distribution"]:
        path = dist / file["contentUrl"]
        assert file["sha256"] == sums[file["contentUrl"]]
        assert file["contentSize"] == f"{path.stat().st_size} B"


def plain(value):
    """A loaded value as pyarrow gives it: text decoded, dates as dates, NaN as None."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    return value


def test_the_loader_yields_every_row_with_the_parquet_values(dist):
    logging.disable(logging.WARNING)
    names = [r["name"] for r in croissant(dist)["recordSet"]]
    assert names
    for name in names:
        # A fresh dataset per record set: mlcroissant keeps a loaded record set's rows as a
        # spent generator, which a later record set referring to it would then join with.
        dataset = mlc.Dataset(jsonld=dist / "croissant.json")
        loaded = [
            {key.split("/", 1)[1]: plain(v) for key, v in row.items()}
            for row in dataset.records(record_set=name)
        ]
        expected = pq.read_table(dist / "parquet" / f"{name}.parquet").to_pylist()
        assert loaded == expected, name
