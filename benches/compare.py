"""Whole-run benchmark: our tool against DuckDB and pyarrow on the same synthetic input.

For each size N it
  * writes N synthetic records as JSON Lines with their JSON Schema (deterministic),
  * times `seedtool export` (validate every record, then write JSON, CSV and Parquet),
  * times DuckDB converting the same file to Parquet, CSV and JSON (no validation),
  * times pyarrow reading the JSON Lines and writing Parquet (no validation),
  * and times `seedtool synth` + `seedtool build` on a synthetic seeds folder of N records,
printing wall time, throughput (MB of input per second) and peak memory (max RSS) of each run.

Usage: python benches/compare.py [N ...]   (default: 10000 100000 1000000)
Needs: a release build (cargo build --release), and duckdb and pyarrow (tests/interop/requirements.txt).
"""

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


def main(sizes):
    if not TOOL.exists():
        sys.exit(f"{TOOL} is missing: run `cargo build --release` first")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            schema, data = write_input(n, tmp)
            mb = data.stat().st_size / 1e6
            runs = {
                "seedtool export": [str(TOOL), "export", "--quiet", "--schema", str(schema), "--input", str(data), "--out", str(tmp / "ours")],
                "duckdb convert": [sys.executable, "-c", DUCKDB, str(data), str(tmp / "duck")],
                "pyarrow convert": [sys.executable, "-c", PYARROW, str(data), str(tmp / "arrow")],
            }
            (tmp / "duck").mkdir()
            (tmp / "arrow").mkdir()
            results = {}
            for name, command in runs.items():
                seconds, rss = measure(command, ROOT)
                results[name] = seconds
                rows.append((n, name, seconds, mb / seconds, rss))
            seeds = tmp / "seeds"
            subprocess.run([str(TOOL), "synth", "--records", str(n), "--out", str(seeds)], check=True, stderr=subprocess.DEVNULL)
            seeds_mb = sum(p.stat().st_size for p in seeds.rglob("*") if p.is_file()) / 1e6
            seconds, rss = measure([str(TOOL), "build", "--quiet", "--seeds", str(seeds), "--out", str(tmp / "dist")], ROOT)
            rows.append((n, "seedtool build (seeds)", seconds, seeds_mb / seconds, rss))
            print(f"N={n}: input {mb:.1f} MB JSONL, seeds {seeds_mb:.1f} MB; export/duckdb = {results['seedtool export'] / results['duckdb convert']:.2f}, export/pyarrow = {results['seedtool export'] / results['pyarrow convert']:.2f}", flush=True)
            shutil.rmtree(tmp / "ours", ignore_errors=True)
    print()
    print("| N | run | seconds | MB/s | peak RSS MB |")
    print("|---|---|---|---|---|")
    for n, name, seconds, mbps, rss in rows:
        print(f"| {n:,} | {name} | {seconds:.2f} | {mbps:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
