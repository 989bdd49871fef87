"""Every table reads back the same in every format published in dist/, with real types, in
readers other than the one that wrote it: pyarrow, pandas, polars and DuckDB. A format without a
reader here fails the suite."""

import datetime as dt
import json
import sqlite3

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from conftest import formats, table_names, table_schema

TABLES = table_names()
FORMATS = formats()


def normalise(value):
    """One spelling per value, whatever the reader: dates as ISO text, whole floats kept as floats."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN is how pandas spells a missing value
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return normalise(value.item())
    return value


def rows(records, columns):
    return [tuple(normalise(r[c]) for c in columns) for r in records]


ARROW_TYPES = {"date": "date32[day]", "integer": "int64", "number": "double", "boolean": "bool"}


def parquet_rows(dist, table):
    arrow = pq.read_table(dist / "parquet" / f"{table}.parquet")
    for field in table_schema(table)["fields"]:
        expected = ARROW_TYPES.get(field["type"])
        if expected is not None:
            actual = str(arrow.schema.field(field["name"]).type)
            assert actual == expected, f"{table}.{field['name']} is {actual}, the data package says {field['type']}"
    return arrow.column_names, rows(arrow.to_pylist(), arrow.column_names)


def pandas_csv_rows(dist, table, columns):
    schema = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    dtypes = {
        name: {"integer": "Int64", "number": "float64", "boolean": "boolean"}.get(t, "string")
        for name, t in schema.items()
        if t != "date"
    }
    dates = [name for name, t in schema.items() if t == "date"]
    frame = pd.read_csv(dist / "csv" / f"{table}.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d").dt.date
    assert list(frame.columns) == columns
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows(records, columns)


def json_rows(dist, table, columns):
    records = json.loads((dist / "json" / f"{table}.json").read_text(encoding="utf-8"))
    for r in records:
        assert list(r) == columns, f"{table}: JSON keys differ from the Parquet columns"
    return rows(records, columns)


def pandas_ndjson_rows(dist, table, columns):
    schema = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    dtypes = {name: {"integer": "Int64", "number": "float64", "boolean": "boolean"}[t] for name, t in schema.items() if t in ("integer", "number", "boolean")}
    # dtype=False: no guessing (it would turn a `date` column into timestamps); the types are the package's.
    frame = pd.read_json(dist / "ndjson" / f"{table}.ndjson", lines=True, dtype=False, precise_float=True)
    frame = frame.astype(dtypes)
    assert list(frame.columns) == columns, f"{table}: NDJSON keys differ from the Parquet columns"
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows(records, columns)


def sqlite_rows(dist, table, columns):
    """The table from the one database in `sqlite/`, booleans (0/1) and reals typed by the data
    package."""
    (path,) = sorted((dist / "sqlite").glob("*.sqlite"))
    kinds = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cursor = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    assert [d[0] for d in cursor.description] == columns, f"{table}: SQLite columns differ from the Parquet columns"
    cast = {"boolean": bool, "number": float}
    records = [
        {c: (cast.get(kinds[c], lambda v: v)(v) if v is not None else None) for c, v in zip(columns, row)}
        for row in cursor
    ]
    return rows(records, columns)


# How each format's folder is read back, other than Parquet (the reference): by table, given the
# Parquet columns, into rows of normalised values.
ROW_READERS = {
    "json": json_rows,
    "csv": pandas_csv_rows,
    "ndjson": pandas_ndjson_rows,
    "sqlite": sqlite_rows,
}

# DuckDB reads SQLite through its sqlite_scanner extension, downloaded on first use, which the
# suite does not rely on; test_sqlite.py reads the database with sqlite-utils and Datasette.
DUCKDB_FORMATS = [f for f in FORMATS if f != "sqlite"]


def duckdb_queries(dist, table, columns):
    """A DuckDB query per format reading `table`, with `columns` the DuckDB types by name."""
    return {
        "parquet": f"SELECT * FROM read_parquet('{dist}/parquet/{table}.parquet')",
        "csv": f"SELECT * FROM read_csv('{dist}/csv/{table}.csv', header=true, columns={{{columns}}})",
        "json": f"SELECT * FROM read_json('{dist}/json/{table}.json', columns={{{columns}}})",
        "ndjson": f"SELECT * FROM read_ndjson('{dist}/ndjson/{table}.ndjson', columns={{{columns}}})",
    }


def test_every_published_format_has_its_readers(dist):
    assert len(FORMATS) > 1, FORMATS
    assert set(ROW_READERS) | {"parquet"} == set(FORMATS)
    assert set(duckdb_queries(dist, "t", "")) == set(DUCKDB_FORMATS)


@pytest.mark.parametrize("table", TABLES)
def test_every_format_holds_the_same_rows(dist, table):
    columns, reference = parquet_rows(dist, table)
    assert reference, f"{table} is empty"
    for fmt in FORMATS:
        if fmt != "parquet":
            assert ROW_READERS[fmt](dist, table, columns) == reference, fmt


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_every_format_alike(dist, table):
    con = duckdb.connect()
    schema = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    duck_types = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
    columns = ", ".join(f"'{n}': '{duck_types[t]}'" for n, t in schema.items())
    queries = duckdb_queries(dist, table, columns)
    results = {}
    for fmt in DUCKDB_FORMATS:
        relation = con.sql(queries[fmt])
        results[fmt] = [tuple(normalise(v) for v in row) for row in relation.fetchall()]
        assert relation.columns == list(schema), fmt
    for fmt in DUCKDB_FORMATS:
        assert results[fmt] == results["parquet"], fmt
    parquet_types = dict(zip(con.sql(queries["parquet"]).columns, con.sql(queries["parquet"]).dtypes))
    for name, t in schema.items():
        if t == "date":
            assert str(parquet_types[name]) == "DATE", f"{table}.{name} is {parquet_types[name]}"
        if t == "integer":
            assert str(parquet_types[name]) == "BIGINT", f"{table}.{name} is {parquet_types[name]}"


@pytest.mark.parametrize("table", TABLES)
def test_polars_reads_parquet_and_csv_alike(dist, table):
    frame = pl.read_parquet(dist / "parquet" / f"{table}.parquet")
    schema = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    for name, t in schema.items():
        expected = {"date": pl.Date, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}.get(t)
        if expected is not None:
            assert frame.schema[name] == expected, f"{table}.{name}"
    csv = pl.read_csv(dist / "csv" / f"{table}.csv", schema_overrides={n: frame.schema[n] for n in frame.columns if frame.schema[n] != pl.Categorical}, try_parse_dates=False)
    assert csv.columns == frame.columns
    assert csv.height == frame.height
    assert csv.cast({n: pl.String for n in csv.columns}).rows() == frame.cast({n: pl.String for n in frame.columns}).rows()


def test_evidence_offsets_slice_the_text_in_python(dist, root):
    sources = {s["id"]: s for s in json.loads((dist / "json" / "sources.json").read_text(encoding="utf-8"))}
    evidence = json.loads((dist / "json" / "evidence.json").read_text(encoding="utf-8"))
    texts = {}
    for row in evidence:
        path = sources[row["source_id"]]["path"]
        text = texts.setdefault(path, (root / path).read_text(encoding="utf-8"))
        assert text[row["char_start"] : row["char_end"]] == row["quote"]
        assert text.encode("utf-8")[row["byte_start"] : row["byte_end"]].decode("utf-8") == row["quote"]
