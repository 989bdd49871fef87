"""Whole-run benchmarks: our tool against DuckDB and pyarrow on the same synthetic input.

For each size N it
  * writes a synthetic seeds folder of N records in JSON Lines shards (`seedtool synth --layout
    jsonl`; not timed) and times, on the same six kinds of `*.jsonl` files,
      - `seedtool build` (validate every record, quote, reference and text hash, then write every
        table as JSON, NDJSON, CSV and Parquet, with the data package, codebook and checksums),
      - DuckDB converting each kind to Parquet (zstd), CSV and JSON (conversion only, no
        validation, no flattening into tables),
      - pyarrow reading each kind's files and writing Parquet (zstd; conversion only);
  * then writes N flat records as one JSON Lines file with their JSON Schema (deterministic) and
    times `seedtool export` (validate every record, then write JSON, NDJSON, CSV and Parquet) against the
    same DuckDB and pyarrow conversions of that file.
It prints wall time, throughput (MB of JSON Lines input per second: the seeds build also reads the
article texts, which are not counted) and peak memory (max RSS) of each run, and the ratios of our
time to DuckDB's and pyarrow's.

Usage: python benches/compare.py [N ...]   (default: 10000 100000 1000000)
Needs: a release build (cargo build --release), and duckdb and pyarrow (tests/interop/requirements.txt).
"""

import importlib.metadata
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "target" / "release" / "seedtool"
LISTS = ["sources", "entities", "events", "statements", "quantities", "relations"]
KINDS = ["meeting", "state_visit", "aid_pledge", "directive", "law_adopted"]

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Synthetic events",
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": KINDS},
        "summary": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "at": {"type": "string", "format": "date-time"},
        "value": {"type": "number"},
        "confirmed": {"type": "boolean"},
        "place": {"type": "object", "properties": {"city": {"type": "string"}, "country": {"type": "string"}}, "required": ["city"]},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["id", "kind", "summary", "date", "at", "value", "confirmed", "place", "tags"],
    "additionalProperties": False,
}


def write_input(n, folder):
    schema = folder / "events.schema.json"
    schema.write_text(json.dumps(SCHEMA, indent=2))
    data = folder / "events.jsonl"
    with data.open("w") as f:
        for i in range(n):
            day = 1 + i % 28
            record = {
                "id": i,
                "kind": KINDS[i % len(KINDS)],
                "summary": f"Officials of body {i % 97} met delegation {i} to discuss border security and aid.",
                "date": f"2007-{1 + i % 12:02d}-{day:02d}",
                "at": f"2007-{1 + i % 12:02d}-{day:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                "value": (i * 37 % 100000) / 7,
                "confirmed": i % 3 == 0,
                "place": {"city": f"City {i % 50}", "country": "TJ"},
                "tags": [f"t{i % 7}", f"t{i % 11}"],
            }
            f.write(json.dumps(record) + "\n")
    return schema, data


def measure(command, cwd):
    """Runs `command` under a fresh Python so that RUSAGE_CHILDREN is this command's alone."""
    probe = (
        "import resource, subprocess, sys, time, json;"
        "s = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(json.dumps([time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


DUCKDB = """
import duckdb, sys
src, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.sql(f"CREATE TABLE t AS SELECT * FROM read_json('{src}', format='newline_delimited')")
con.sql(f"COPY t TO '{out}/events.parquet' (FORMAT parquet, COMPRESSION zstd)")
con.sql(f"COPY t TO '{out}/events.csv' (FORMAT csv, HEADER)")
con.sql(f"COPY t TO '{out}/events.json' (FORMAT json, ARRAY true)")
"""

PYARROW = """
import pyarrow.json as pj, pyarrow.parquet as pq, sys
table = pj.read_json(sys.argv[1])
pq.write_table(table, sys.argv[2] + '/events.parquet', compression='zstd')
"""


SEEDS_DUCKDB = """
import duckdb, sys
seeds, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
for kind in sys.argv[3:]:
    con.sql(f"CREATE TABLE {kind} AS SELECT * FROM read_json('{seeds}/shard-*/{kind}.jsonl', format='newline_delimited')")
    con.sql(f"COPY {kind} TO '{out}/{kind}.parquet' (FORMAT parquet, COMPRESSION zstd)")
    con.sql(f"COPY {kind} TO '{out}/{kind}.csv' (FORMAT csv, HEADER)")
    con.sql(f"COPY {kind} TO '{out}/{kind}.json' (FORMAT json, ARRAY true)")
    con.sql(f"DROP TABLE {kind}")
"""

SEEDS_PYARROW = """
import glob, pyarrow as pa, pyarrow.json as pj, pyarrow.parquet as pq, sys
seeds, out = sys.argv[1], sys.argv[2]
for kind in sys.argv[3:]:
    tables = [pj.read_json(f) for f in sorted(glob.glob(f'{seeds}/shard-*/{kind}.jsonl'))]
    pq.write_table(pa.concat_tables(tables), f'{out}/{kind}.parquet', compression='zstd')
"""


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        ram = next(int(line.split()[1]) for line in f if line.startswith("MemTotal")) / 1024**2
    versions = ", ".join(f"{p} {importlib.metadata.version(p)}" for p in ("duckdb", "pyarrow"))
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}, {ram:.1f} GiB RAM, "
        f"{platform.platform()}, Python {platform.python_version()}, {versions}"
    )


def timed(n, runs, mb, rows):
    """Measures each run of `runs` (name → command) on `mb` MB of input; returns name → seconds."""
    seconds = {}
    for name, command in runs.items():
        s, rss = measure(command, ROOT)
        seconds[name] = s
        rows.append((n, name, s, mb / s, rss))
    return seconds


def print_table(title, rows, ratios):
    print()
    print(title)
    print()
    print("| N | run | seconds | MB/s of input | peak RSS MB |")
    print("|---|---|---|---|---|")
    for n, name, seconds, mbps, rss in rows:
        print(f"| {n:,} | {name} | {seconds:.2f} | {mbps:.1f} | {rss:,.0f} |")
    print()
    print("| N | ours/DuckDB | ours/pyarrow |")
    print("|---|---|---|")
    for n, duck, arrow in ratios:
        print(f"| {n:,} | {duck:.2f} | {arrow:.2f} |")


def main(sizes):
    if not TOOL.exists():
        sys.exit(f"{TOOL} is missing: run `cargo build --release` first")
    print(machine(), flush=True)
    seeds_rows, seeds_ratios, export_rows, export_ratios = [], [], [], []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            seeds = tmp / "seeds"
            subprocess.run([str(TOOL), "synth", "--layout", "jsonl", "--records", str(n), "--out", str(seeds)], check=True, stderr=subprocess.DEVNULL)
            lines_mb = sum(p.stat().st_size for p in seeds.glob("shard-*/*.jsonl")) / 1e6
            texts_mb = sum(p.stat().st_size for p in seeds.glob("shard-*/texts/*.txt")) / 1e6
            for out in ("duck", "arrow"):
                (tmp / out).mkdir()
            t = timed(n, {
                "seedtool build": [str(TOOL), "build", "--quiet", "--seeds", str(seeds), "--out", str(tmp / "dist")],
                "DuckDB convert": [sys.executable, "-c", SEEDS_DUCKDB, str(seeds), str(tmp / "duck"), *LISTS],
                "pyarrow convert": [sys.executable, "-c", SEEDS_PYARROW, str(seeds), str(tmp / "arrow"), *LISTS],
            }, lines_mb, seeds_rows)
            seeds_ratios.append((n, t["seedtool build"] / t["DuckDB convert"], t["seedtool build"] / t["pyarrow convert"]))
            print(f"N={n} seeds: {lines_mb:.1f} MB JSONL (+ {texts_mb:.1f} MB texts); build/duckdb = {seeds_ratios[-1][1]:.2f}, build/pyarrow = {seeds_ratios[-1][2]:.2f}", flush=True)
            for out in ("seeds", "dist", "duck", "arrow"):
                shutil.rmtree(tmp / out)

            schema, data = write_input(n, tmp)
            mb = data.stat().st_size / 1e6
            for out in ("duck", "arrow"):
                (tmp / out).mkdir()
            t = timed(n, {
                "seedtool export": [str(TOOL), "export", "--quiet", "--schema", str(schema), "--input", str(data), "--out", str(tmp / "ours")],
                "DuckDB convert": [sys.executable, "-c", DUCKDB, str(data), str(tmp / "duck")],
                "pyarrow convert": [sys.executable, "-c", PYARROW, str(data), str(tmp / "arrow")],
            }, mb, export_rows)
            export_ratios.append((n, t["seedtool export"] / t["DuckDB convert"], t["seedtool export"] / t["pyarrow convert"]))
            print(f"N={n} export: {mb:.1f} MB JSONL; export/duckdb = {export_ratios[-1][1]:.2f}, export/pyarrow = {export_ratios[-1][2]:.2f}", flush=True)
    print_table("Seeds: `seedtool build` on JSON Lines shards against converting the same files", seeds_rows, seeds_ratios)
    print_table("Generic: `seedtool export` of one flat JSON Lines file against converting it", export_rows, export_ratios)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
