"""Generic mode (`seedtool export`) checked by tools other than ours: the package it writes
passes `frictionless validate`, and DuckDB joins every child table back to its parent on the
foreign keys the package names.

The binary is `$SEEDTOOL` when set, else `cargo run --release` (which builds it if needed)."""

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from frictionless import validate

from conftest import ROOT

GENERIC = ROOT / "tests" / "fixtures" / "generic"


def seedtool(*args, cwd):
    command = [os.environ["SEEDTOOL"]] if os.environ.get("SEEDTOOL") else ["cargo", "run", "--release", "--quiet", "--manifest-path", str(ROOT / "Cargo.toml"), "--"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True)


def export(tmp_path, schema, records, *flags):
    out = tmp_path / "out"
    result = seedtool("export", "--quiet", "--schema", str(schema), "--input", str(records), "--out", str(out), *flags, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return out


CASES = {
    "orders, keyed": (GENERIC / "orders" / "orders.schema.json", GENERIC / "orders" / "orders.jsonl", ["--key", "order_id"]),
    "orders, numbered": (GENERIC / "orders" / "orders.schema.json", GENERIC / "orders" / "orders.jsonl", []),
    "two-file schema": (GENERIC / "split" / "orders.schema.json", GENERIC / "orders" / "orders.jsonl", ["--key", "order_id"]),
}


@pytest.fixture(params=sorted(CASES), scope="module")
def exported(request, tmp_path_factory):
    schema, records, flags = CASES[request.param]
    return export(tmp_path_factory.mktemp("export"), schema, records, *flags)


def test_frictionless_accepts_the_package(exported):
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "type", "note"])


def test_checksums_verify_with_sha256sum(exported):
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=exported, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_duckdb_joins_every_child_table_on_the_foreign_keys_the_package_names(exported):
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    parquet = {r["name"]: r for r in package["resources"] if r["format"] == "parquet"}
    joined = 0
    for resource in parquet.values():
        for fk in resource["schema"].get("foreignKeys", []):
            parent = parquet[fk["reference"]["resource"]]
            on = " AND ".join(f'c."{a}" = p."{b}"' for a, b in zip(fk["fields"], fk["reference"]["fields"]))
            child_rows, matched = duckdb.sql(
                f"""
                SELECT (SELECT count(*) FROM read_parquet('{exported / resource["path"]}')),
                       count(*)
                FROM read_parquet('{exported / resource["path"]}') c
                JOIN read_parquet('{exported / parent["path"]}') p ON {on}
                """
            ).fetchall()[0]
            assert child_rows == matched > 0, (resource["name"], child_rows, matched)
            joined += 1
    assert joined == 2


def test_the_database_keeps_the_keys_the_package_names_with_an_index_on_each(exported):
    import sqlite3

    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    (database,) = [r for r in package["resources"] if r["format"] == "sqlite"]
    connection = sqlite3.connect(f"file:{exported / database['path']}?mode=ro", uri=True)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    keyed = 0
    for resource in package["resources"]:
        if resource["format"] != "parquet":
            continue
        table = Path(resource["path"]).stem
        declared = connection.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
        for fk in resource["schema"].get("foreignKeys", []):
            parent = Path(next(r["path"] for r in package["resources"] if r["name"] == fk["reference"]["resource"])).stem
            pairs = [(row[2], row[3], row[4]) for row in declared]
            assert pairs == [(parent, a, b) for a, b in zip(fk["fields"], fk["reference"]["fields"])], table
            indexed = {
                tuple(column[2] for column in connection.execute(f'PRAGMA index_info("{index[1]}")'))
                for index in connection.execute(f'PRAGMA index_list("{table}")')
            }
            assert tuple(fk["fields"]) in indexed, (table, indexed)
            keyed += 1
    assert keyed == 2
    about = dict(connection.execute("SELECT key, value FROM _dataset"))
    assert about["name"] and about["title"], about


def test_the_readme_join_gives_each_orders_quantity(tmp_path):
    out = export(tmp_path, GENERIC / "orders" / "orders.schema.json", GENERIC / "orders" / "orders.jsonl", "--key", "order_id")
    rows = duckdb.sql(
        f"""
        SELECT o.order_id, o."customer.name", sum(l.qty) AS items
        FROM read_parquet('{out}/parquet/orders.parquet') o
        JOIN read_parquet('{out}/parquet/orders__lines.parquet') l USING (order_id)
        GROUP BY ALL ORDER BY o.order_id
        """
    ).fetchall()
    assert rows == [("o-1", "Rustam", 6), ("o-3", "Dilnoza", 2)]


def test_every_format_holds_the_same_rows(exported):
    for name in ["orders", "orders__lines", "orders__lines__tags"]:
        ndjson = [json.loads(line) for line in (exported / "ndjson" / f"{name}.ndjson").read_text(encoding="utf-8").splitlines()]
        parquet = duckdb.sql(f"SELECT * FROM read_parquet('{exported}/parquet/{name}.parquet')")
        csv = duckdb.sql(f"SELECT * FROM read_csv('{exported}/csv/{name}.csv', all_varchar = true)")
        assert parquet.columns == csv.columns == list(ndjson[0]), name
        parquet, csv = parquet.fetchall(), csv.fetchall()
        assert len(ndjson) == len(parquet) == len(csv) > 0, name
        for row, pq, cs in zip(ndjson, parquet, csv):
            for value, p, c in zip(row.values(), pq, cs):
                if value is None:
                    assert p is None and c is None, name
                elif isinstance(value, list):
                    assert p == value and json.loads(c) == value, name
                elif isinstance(value, (int, float)):
                    assert p == value and float(c) == value, (name, value, p, c)
                else:
                    assert str(p) == value == c, (name, value, p, c)


def test_a_repeated_key_is_refused_and_nothing_is_written(tmp_path):
    result = seedtool(
        "export", "--quiet", "--format", "json", "--key", "order_id",
        "--schema", str(GENERIC / "orders" / "orders.schema.json"),
        "--input", str(GENERIC / "orders" / "orders-duplicate-key.jsonl"),
        "--out", str(tmp_path / "out"), cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [d["rule"] for d in report["diagnostics"]] == ["duplicate-id"]
    assert not (tmp_path / "out").exists()


def test_the_shapes_fixture_passes_frictionless_and_duckdb_reads_its_types(tmp_path):
    shapes = GENERIC / "shapes"
    out = export(tmp_path, shapes / "payments.schema.json", shapes / "payments.jsonl", "--key", "seq")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "type", "note"])
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{out}/parquet/payments.parquet')").fetchall()
    types = {name: ty for name, ty, *_ in described}
    assert types["id"] == "UUID"
    assert types["seq"] == "INTEGER"
    assert types["ledger"] == "BIGINT"
    assert types["amount"] == "DECIMAL(38,2)"
    assert types["at"] == "TIME"
    total = duckdb.sql(
        f"""
        SELECT sum(p.amount) + coalesce(sum(f.value), 0)
        FROM read_parquet('{out}/parquet/payments.parquet') p
        LEFT JOIN (SELECT seq, sum(value) AS value FROM read_parquet('{out}/parquet/payments__fees.parquet') GROUP BY seq) f USING (seq)
        """
    ).fetchall()[0][0]
    # 1234567890123.45 + 19.99 - 0.07, and fees of 1.05 + 0.30: exact, as decimals are.
    assert str(total) == "1234567890144.72"


def test_croissant_of_an_export_with_metadata_validates_and_loads_every_row(tmp_path):
    import sys

    import mlcroissant as mlc
    import pyarrow.parquet as pq

    orders = GENERIC / "orders"
    out = export(tmp_path, orders / "orders.schema.json", orders / "orders.jsonl", "--key", "order_id", "--metadata", str(orders / "dataset.json"))
    run = subprocess.run(
        [Path(sys.executable).parent / "mlcroissant", "validate", "--jsonld", out / "croissant.json"],
        capture_output=True, text=True, check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert not [line for line in output.splitlines() if line.startswith(("W", "E"))], output
    for name in ["orders", "orders__lines", "orders__lines__tags"]:
        loaded = list(mlc.Dataset(jsonld=out / "croissant.json").records(record_set=name))
        table = pq.read_table(out / "parquet" / f"{name}.parquet")
        assert len(loaded) == table.num_rows > 0, name
        key = f"{name}/order_id"
        assert sorted(r[key].decode() for r in loaded) == sorted(table.column("order_id").to_pylist()), name


def test_empty_text_and_null_as_each_reader_reads_them(tmp_path):
    """`""` and null in a nullable text column: CSV writes both as an empty field, so CSV readers
    cannot tell them apart (the package and codebook say so); every other format keeps them apart.
    In a never-null text or enumeration column an empty CSV field is `""` by the package."""
    import csv
    import pandas
    import polars
    from frictionless import Resource

    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "additionalProperties": False, "required": ["id", "req", "kind"], "properties": {
        "id": {"type": "integer"}, "req": {"type": "string"}, "opt": {"type": ["string", "null"]}, "kind": {"enum": ["", "a"]}}}), encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text('{"id":1,"req":"","opt":"","kind":""}\n{"id":2,"req":"x","opt":null,"kind":"a"}\n{"id":3,"req":"y","opt":"b","kind":"a"}\n', encoding="utf-8")
    out = export(tmp_path, schema, records, "--key", "id")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    by_format = {r["format"]: r for r in package["resources"] if r["name"].startswith("r")}
    opt = {f["name"]: f for f in by_format["csv"]["schema"]["fields"]}["opt"]
    assert "CSV cannot tell them apart" in opt["description"]
    assert "cannot tell" in (out / "CODEBOOK.md").read_text(encoding="utf-8")
    csv_path = out / "csv" / "r.csv"
    # Python's csv module, pandas, polars and DuckDB: both an empty field.
    with open(csv_path, newline="", encoding="utf-8") as f:
        assert [row[2] for row in csv.reader(f)][1:] == ["", "", "b"]
    assert pandas.read_csv(csv_path)["opt"].isna().tolist() == [True, True, False]
    assert polars.read_csv(csv_path)["opt"].to_list() == [None, None, "b"]
    assert duckdb.sql(f"SELECT opt FROM '{csv_path}' ORDER BY id").fetchall() == [(None,), (None,), ("b",)]
    # Frictionless, by the package: null in the nullable column, `""` in the never-null ones.
    rows = Resource(by_format["csv"], basepath=str(out)).read_rows()
    assert [(r["req"], r["opt"], r["kind"]) for r in rows] == [("", None, ""), ("x", None, "a"), ("y", "b", "a")]
    # JSON, NDJSON and Parquet keep `""` and null apart.
    assert [r["opt"] for r in json.loads((out / "json" / "r.json").read_text(encoding="utf-8"))] == ["", None, "b"]
    ndjson = (out / "ndjson" / "r.ndjson").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["opt"] for line in ndjson] == ["", None, "b"]
    assert duckdb.sql(f"SELECT opt FROM read_parquet('{out}/parquet/r.parquet') ORDER BY id").fetchall() == [("",), (None,), ("b",)]
