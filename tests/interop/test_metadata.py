"""The dataset's metadata (seeds/dataset.json) as readers see it in the Parquet files."""

import json

import polars as pl
import pyarrow.parquet as pq

from conftest import ROOT, package, table_names


def metadata():
    return json.loads((ROOT / "seeds" / "dataset.json").read_text(encoding="utf-8"))


def test_pyarrow_shows_each_table_description_and_the_dataset_version(dist):
    meta = metadata()
    for name in table_names():
        schema = pq.read_table(dist / "parquet" / f"{name}.parquet").schema
        got = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
        resource = next(r for r in package()["resources"] if r["name"] == name)
        assert got["description"] == resource["description"], name
        assert got["dataset_version"] == meta["version"], name
        assert got["dataset_name"] == meta["name"], name
        assert got["dataset_license"] == meta["license"]["id"], name


def test_polars_shows_the_dataset_version(dist):
    meta = metadata()
    for name in table_names():
        kv = pl.read_parquet_metadata(dist / "parquet" / f"{name}.parquet")
        assert kv["dataset_version"] == meta["version"], name


def test_the_data_package_carries_the_metadata_file(dist):
    meta, pkg = metadata(), package()
    for key in ("name", "title", "description", "version", "keywords"):
        assert pkg[key] == meta[key], key
    assert pkg["licenses"][0]["name"] == meta["license"]["id"]
