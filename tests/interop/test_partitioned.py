"""A partitioned build (`seedtool build --rows-per-file 20` of the shipped seeds: every table of more
than 20 rows a folder of parts) read as one table by DuckDB, pyarrow.dataset and PySpark, with the
same rows as the unpartitioned build in dist/; its data package's multipart resources validated by
frictionless and its Croissant file's FileSets loaded whole by mlcroissant.

The binary is `$SEEDTOOL` when set, else `cargo run --release` (which builds it if needed)."""

import json
import os
import subprocess

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from conftest import DIST, ROOT, table_names
from test_spark import spark  # noqa: F401  (the session-wide Spark fixture)

ROWS_PER_FILE = 20


def seedtool(*args, cwd):
    command = [os.environ["SEEDTOOL"]] if os.environ.get("SEEDTOOL") else ["cargo", "run", "--release", "--quiet", "--manifest-path", str(ROOT / "Cargo.toml"), "--"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    out = tmp_path_factory.mktemp("partitioned") / "out"
    result = seedtool("build", "--quiet", "--seeds", str(ROOT / "seeds"), "--out", str(out), "--rows-per-file", str(ROWS_PER_FILE), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def split_tables():
    """The tables the partitioned build cuts in parts: those of more rows than a file holds."""
    return [t for t in table_names() if pq.read_metadata(DIST / "parquet" / f"{t}.parquet").num_rows > ROWS_PER_FILE]


SPLIT = split_tables()


def test_some_tables_are_split_and_the_small_ones_are_not(parts):
    assert len(SPLIT) >= 3, SPLIT
    for table in table_names():
        folder = parts / "parquet" / table
        assert folder.is_dir() == (table in SPLIT), table
        assert (parts / "parquet" / f"{table}.parquet").exists() == (table not in SPLIT), table


def expected(table):
    """The rows of the unpartitioned build, in key order, as Python values."""
    return pq.read_table(DIST / "parquet" / f"{table}.parquet").to_pylist()


@pytest.mark.parametrize("table", SPLIT)
def test_duckdb_reads_the_parquet_and_csv_parts_as_one_table(parts, table):
    con = duckdb.connect()
    got = con.sql(f"SELECT * FROM read_parquet('{parts}/parquet/{table}/*.parquet')").to_arrow_table().to_pylist()
    assert got == expected(table)
    # The CSV parts, each with its header, read as one table with the CSV of the unpartitioned build.
    csv_parts = con.sql(f"SELECT * FROM read_csv('{parts}/csv/{table}/*.csv', header=true, all_varchar=true)").fetchall()
    csv_single = con.sql(f"SELECT * FROM read_csv('{DIST}/csv/{table}.csv', header=true, all_varchar=true)").fetchall()
    assert csv_parts == csv_single


@pytest.mark.parametrize("table", SPLIT)
def test_pyarrow_dataset_reads_the_folder_as_one_table(parts, table):
    folder = parts / "parquet" / table
    dataset = ds.dataset(folder, format="parquet")
    assert dataset.to_table().to_pylist() == expected(table)
    assert len(dataset.files) == -(-len(expected(table)) // ROWS_PER_FILE)


@pytest.mark.parametrize("table", SPLIT)
def test_spark_reads_the_folder_as_one_table(spark, parts, table):  # noqa: F811
    frame = spark.read.parquet(str(parts / "parquet" / table))
    single = spark.read.parquet(str(DIST / "parquet" / f"{table}.parquet"))
    assert frame.columns == single.columns
    assert frame.count() == single.count() == len(expected(table))
    assert frame.exceptAll(single).count() == 0 and single.exceptAll(frame).count() == 0


def test_the_data_package_lists_every_part_and_frictionless_validates_the_text_parts(parts):
    from frictionless import Package

    package = json.loads((parts / "datapackage.json").read_text(encoding="utf-8"))
    sums = (parts / "SHA256SUMS").read_text(encoding="utf-8")
    by_name = {r["name"]: r for r in package["resources"]}
    for table in SPLIT:
        resource = by_name[table]
        assert isinstance(resource["path"], list) and len(resource["path"]) > 1
        assert all(f"  {p}\n" in sums for p in resource["path"])
        assert "hash" not in resource and "bytes" not in resource
    # frictionless joins a multipart resource's parts as one stream: CSV (a header each) and NDJSON
    # parts join into one table; JSON arrays and Parquet files do not join as bytes.
    loaded = Package(str(parts / "datapackage.json"))
    for table in SPLIT:
        for name in (table, f"{table}-ndjson"):
            report = loaded.get_resource(name).validate()
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
            assert report.tasks[0].stats["rows"] == len(expected(table))


def test_mlcroissant_loads_every_row_of_the_file_sets(parts):
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(parts / "croissant.json"))
    for table in SPLIT:
        rows = list(dataset.records(record_set=table))
        assert len(rows) == len(expected(table)), table
