"""The SQLite database in dist/sqlite/ as the people who browse open data use it: Python's sqlite3
reads every table with the same rows and values as Parquet, its keys and integrity check clean,
and its full-text indexes find the quotes; sqlite-utils reads it too; Datasette serves it with its
metadata file (row counts, a facet, a full-text search, licence and source), and a screenshot of
a table page is taken in headless Chromium."""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlite_utils

from conftest import DIST, ROOT, package, table_names, table_schema

TABLES = table_names()
SCREENSHOT = ROOT / "examples" / "datasette-events.png"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def database():
    """The one database file in dist/sqlite/, as the data package lists it."""
    listed = [r["path"] for r in package()["resources"] if r["format"] == "sqlite"]
    assert len(listed) == 1, listed
    return DIST / listed[0]


def metadata():
    return json.loads((DIST / "sqlite" / "metadata.json").read_text(encoding="utf-8"))


def connect():
    con = sqlite3.connect(f"file:{database()}?mode=ro", uri=True)
    return con


def typed(value, kind):
    """A SQLite value as Parquet gives it: booleans from 0/1, dates as ISO text."""
    if value is None:
        return None
    if kind == "boolean":
        assert value in (0, 1), value
        return bool(value)
    if kind == "number":
        return float(value)
    return value


def parquet_rows(table):
    arrow = pq.read_table(DIST / "parquet" / f"{table}.parquet")
    rows = []
    for record in arrow.to_pylist():
        rows.append(tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in record.values()))
    return arrow.column_names, rows


@pytest.mark.parametrize("table", TABLES)
def test_sqlite3_reads_every_table_as_parquet_holds_it(table):
    columns, reference = parquet_rows(table)
    kinds = [f["type"] for f in table_schema(table)["fields"]]
    con = connect()
    cursor = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    assert [d[0] for d in cursor.description] == columns
    rows = [tuple(typed(v, k) for v, k in zip(row, kinds)) for row in cursor]
    assert rows == reference
    for row in rows:
        for value, kind in zip(row, kinds):
            if value is not None and kind == "integer":
                assert type(value) is int, (table, row)


def test_keys_and_integrity_check_clean():
    con = connect()
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in TABLES:
        schema = table_schema(table)
        declared = {tuple(fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]) for fk in schema.get("foreignKeys", [])}
        found = {}
        for row in con.execute(f'PRAGMA foreign_key_list("{table}")'):
            found.setdefault(row[0], []).append(row[3])
        assert {tuple(v) for v in found.values()} == declared, table
        indexed = set()
        for index in con.execute(f'PRAGMA index_list("{table}")').fetchall():
            first = con.execute(f'PRAGMA index_info("{index[1]}")').fetchone()
            indexed.add(first[2])
        for fields in declared:
            assert fields[0] in indexed, f"{table}.{fields[0]} has no index"
        key = schema.get("primaryKey")
        key = key if isinstance(key, list) else [key]
        pk = [r[1] for r in sorted(con.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5]) if r[5]]
        assert pk == key, table


def test_a_phrase_of_an_evidence_quote_finds_its_row():
    con = connect()
    record_id, seq, quote = con.execute("SELECT record_id, seq, quote FROM evidence ORDER BY length(quote) DESC LIMIT 1").fetchone()
    phrase = " ".join(quote.split()[2:6])
    found = con.execute(
        "SELECT e.record_id, e.seq FROM evidence_fts JOIN evidence e ON e.rowid = evidence_fts.rowid WHERE evidence_fts MATCH ?",
        ('"' + phrase.replace('"', '""') + '"',),
    ).fetchall()
    assert (record_id, seq) in found, (phrase, found)


def test_descriptions_match_the_data_package():
    con = connect()
    described = dict(con.execute("SELECT table_name, description FROM _tables"))
    counts = dict(con.execute("SELECT table_name, rows FROM _tables"))
    for r in package()["resources"]:
        if r["format"] == "parquet":
            assert described[r["name"].removesuffix("-parquet")] == r["description"]
    for table in TABLES:
        assert counts[table] == con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        columns = dict(con.execute("SELECT column_name, description FROM _columns WHERE table_name = ?", (table,)))
        for f in table_schema(table)["fields"]:
            assert columns[f["name"]] == f["description"], (table, f["name"])
    dataset = dict(con.execute("SELECT key, value FROM _dataset"))
    assert dataset["title"] == package()["title"]
    assert dataset["license"] == package()["licenses"][0]["name"]


def test_sqlite_utils_reads_every_table():
    db = sqlite_utils.Database(database())
    for table in TABLES:
        _, reference = parquet_rows(table)
        assert db[table].count == len(reference), table
        assert db[table].pks == (table_schema(table)["primaryKey"] if isinstance(table_schema(table)["primaryKey"], list) else [table_schema(table)["primaryKey"]])
    assert db["events"].detect_fts() == "events_fts"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette():
    port = free_port()
    exe = Path(sys.executable).with_name("datasette")
    process = subprocess.Popen(
        [str(exe), "serve", "-i", str(database()), "-m", str(DIST / "sqlite" / "metadata.json"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode())
                time.sleep(0.2)
        else:
            raise AssertionError("Datasette did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_datasette_serves_every_table_with_its_row_count(datasette):
    name = database().stem
    tables = {t["name"]: t["count"] for t in get_json(f"{datasette}/{name}.json")["tables"]}
    for table in TABLES:
        _, reference = parquet_rows(table)
        assert tables[table] == len(reference), table


def test_datasette_facets_events_by_kind(datasette):
    name = database().stem
    data = get_json(f"{datasette}/{name}/events.json?_facet=kind&_size=0")
    facet = {r["value"]: r["count"] for r in data["facet_results"]["kind"]["results"]}
    kinds = {}
    for row in pq.read_table(DIST / "parquet" / "events.parquet").to_pylist():
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    assert facet == kinds


def test_datasette_searches_the_evidence(datasette):
    name = database().stem
    con = connect()
    record_id, quote = con.execute("SELECT record_id, quote FROM evidence ORDER BY length(quote) DESC LIMIT 1").fetchone()
    phrase = " ".join(quote.split()[2:6])
    query = urllib.parse.urlencode({"_search": phrase, "_shape": "objects"})
    rows = get_json(f"{datasette}/{name}/evidence.json?{query}")["rows"]
    assert record_id in {r["record_id"] for r in rows}, phrase


def test_datasette_shows_licence_and_source_on_its_index_page(datasette):
    with urllib.request.urlopen(datasette + "/", timeout=30) as response:
        page = response.read().decode()
    meta = metadata()
    assert meta["license"] == package()["licenses"][0]["name"]
    assert meta["license"] in page and meta["license_url"] in page
    assert meta["source"] == package()["sources"][0]["title"]
    assert meta["source"] in page


@pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()), reason="headless Chromium is not installed")
def test_datasette_table_page_screenshot(datasette, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1700", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        name = database().stem
        driver.get(f"{datasette}/{name}/events?_facet=kind&_size=10")
        assert driver.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
        shot = tmp_path / "events.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        if os.environ.get("UPDATE_SCREENSHOTS") or not SCREENSHOT.exists():
            shutil.copyfile(shot, SCREENSHOT)
    finally:
        driver.quit()
