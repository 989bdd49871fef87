"""The data package, checksums, README examples and the seeds schema, checked by tools other
than ours: frictionless, sha256sum, DuckDB and python-jsonschema."""

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import duckdb
import jsonschema
import pytest
from frictionless import validate

from conftest import formats, package, table_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_frictionless_accepts_the_data_package(dist):
    report = validate(str(dist / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "type", "note"])


def test_every_format_holds_every_table_and_the_package_lists_whole_formats(dist):
    tables = set(table_names())
    for fmt in formats():
        if fmt == "sqlite":
            # One database of every table, beside Datasette's metadata file.
            (db,) = (dist / fmt).glob("*.sqlite")
            held = {r[0] for r in sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert tables <= held, tables - held
            assert {p.name for p in (dist / fmt).iterdir()} == {db.name, "metadata.json"}
            continue
        assert {p.name.split(".")[0] for p in (dist / fmt).iterdir()} == tables, fmt
    listed = {}
    databases = [r for r in package()["resources"] if r["format"] == "sqlite"]
    assert [r["path"] for r in databases] == [str(db.relative_to(dist)) for db in (dist / "sqlite").glob("*.sqlite")]
    for r in package()["resources"]:
        if r in databases:
            continue
        folder, name = r["path"].split("/")
        listed.setdefault(folder, {"tables": set(), "mediatypes": set()})
        listed[folder]["tables"].add(name.split(".")[0])
        listed[folder]["mediatypes"].add(r["mediatype"])
    assert set(listed) <= set(formats()), listed
    for folder, seen in listed.items():
        assert seen["tables"] == tables, folder
        assert len(seen["mediatypes"]) == 1, folder
    mediatypes = [next(iter(seen["mediatypes"])) for seen in listed.values()]
    assert len(set(mediatypes)) == len(mediatypes), "two formats share a media type"


def test_checksums_verify_with_sha256sum(dist):
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len((dist / "SHA256SUMS").read_text().splitlines())


def test_who_took_part_in_the_15_march_visit(dist):
    rows = duckdb.sql(
        f"""
        SELECT n.name, p.role
        FROM read_parquet('{dist}/parquet/events.parquet') e
        JOIN read_parquet('{dist}/parquet/event_participants.parquet') p ON p.event_id = e.id
        JOIN read_parquet('{dist}/parquet/entities.parquet') n ON n.id = p.entity_id
        WHERE e.kind = 'state_visit' AND e.date = DATE '2007-03-15'
        ORDER BY p.role, n.name
        """
    ).fetchall()
    assert ("Ilham Aliyev", "visitor") in rows
    assert ("Tajikistan", "host") in rows
    assert ("Emomali Rakhmonov", "participant") in rows
    assert ("Emomali Rakhmonov", "host") not in rows


def test_the_parts_of_the_15_march_visit(dist):
    parts = duckdb.sql(
        f"""
        SELECT part.kind, part.status
        FROM read_parquet('{dist}/parquet/event_links.parquet') l
        JOIN read_parquet('{dist}/parquet/events.parquet') visit ON visit.id = l.related_event_id
        JOIN read_parquet('{dist}/parquet/events.parquet') part ON part.id = l.event_id
        WHERE l.relation = 'part_of' AND visit.kind = 'state_visit'
          AND visit.date = DATE '2007-03-15'
        """
    ).fetchall()
    kinds = {kind for kind, _ in parts}
    # The agreements and the talks are told as done at the visit; the embassy decision and the
    # invitation are not placed there by the article, so they are no parts of it.
    assert kinds == {"agreement_signed", "meeting"}, parts


def test_claims_are_apart_from_events_and_have_holders(dist):
    events = duckdb.sql(f"SELECT kind, status FROM read_parquet('{dist}/parquet/events.parquet')").fetchall()
    assert all(kind not in ("assessment", "policy_stance") for kind, _ in events)
    assert {"occurred", "planned", "announced"} <= {status for _, status in events}
    holders = duckdb.sql(
        f"""
        SELECT count(*) FILTER (WHERE holder_source_id IS NOT NULL),
               count(*) FILTER (WHERE holder_entity_id IS NOT NULL),
               count(*) FILTER (WHERE (holder_source_id IS NULL) = (holder_entity_id IS NULL))
        FROM read_parquet('{dist}/parquet/claims.parquet')
        """
    ).fetchall()[0]
    assert holders[0] > 0 and holders[1] > 0 and holders[2] == 0, holders


def test_mentions_stand_where_their_offsets_say(root, dist):
    text = (root / "seeds/edm-4-55/article.txt").read_text(encoding="utf-8")
    mentions = duckdb.sql(
        f"SELECT quote, char_start, char_end FROM read_parquet('{dist}/parquet/entity_mentions.parquet')"
    ).fetchall()
    assert len(mentions) > 100
    for quote, start, end in mentions:
        assert text[start:end] == quote


def readme_blocks(root, language):
    text = (root / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_the_readme_python_examples_run(root, monkeypatch):
    blocks = readme_blocks(root, "python")
    assert blocks, "README has no python example"
    monkeypatch.chdir(root)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_the_readme_sql_examples_run(root, monkeypatch, tmp_path):
    blocks = readme_blocks(root, "sql")
    assert blocks, "README has no SQL example"
    # The generic-mode example reads what the README's export command writes to /tmp/orders:
    # that command is run here, into a folder of the test's own.
    orders = tmp_path / "orders"
    generic = root / "tests" / "fixtures" / "generic" / "orders"
    exported = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--", "export",
         "--schema", str(generic / "orders.schema.json"), "--input", str(generic / "orders.jsonl"),
         "--key", "order_id", "--out", str(orders), "--quiet"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert exported.returncode == 0, exported.stderr
    monkeypatch.chdir(root)
    for block in blocks:
        assert duckdb.sql(block.replace("/tmp/orders", str(orders))).fetchall(), block


def seeds_files(root):
    """Every seeds file: the JSON files of the seeds folder but its metadata file."""
    return sorted(p for p in (root / "seeds").rglob("*.json") if p != root / "seeds" / "dataset.json")


def checker(root):
    schema = json.loads((root / "schema" / "seeds.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_a_second_validator_accepts_every_shipped_seeds_file(root):
    validator = checker(root)
    for path in seeds_files(root):
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {[e.message for e in errors]}"


def test_a_second_validator_accepts_the_metadata_file(root):
    schema = json.loads((root / "schema" / "dataset.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    metadata = json.loads((root / "seeds" / "dataset.json").read_text(encoding="utf-8"))
    assert not [e.message for e in validator.iter_errors(metadata)]
    metadata["version"] = "v1"
    assert list(validator.iter_errors(metadata))


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "invalid").glob("schema-*.json")))
def test_a_second_validator_rejects_what_the_schema_alone_should_catch(root, fixture):
    instance = json.loads((FIXTURES / "invalid" / fixture).read_text(encoding="utf-8"))
    assert list(checker(root).iter_errors(instance)), fixture


def test_every_evidence_offset_checks_against_the_published_article_text(dist):
    import hashlib

    sources = {s["id"]: s for s in json.loads((dist / "json/sources.json").read_text("utf-8"))}
    texts = {}
    for entry in package()["sources"]:
        path = dist / entry["path"]
        source_id = path.stem
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sources[source_id]["sha256"]
        texts[source_id] = path.read_text(encoding="utf-8")
    assert texts
    evidence = json.loads((dist / "json/evidence.json").read_text("utf-8"))
    assert evidence
    for e in evidence:
        assert texts[e["source_id"]][e["char_start"]:e["char_end"]] == e["quote"], e
