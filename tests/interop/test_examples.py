"""The scripts in examples/ run against the published dataset and produce what they promise."""

import struct
import subprocess
import sys

import pyarrow.parquet as pq

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_the_timeline_example_prints_and_draws_the_timeline(dist, root, tmp_path):
    out = tmp_path / "plots" / "timeline.png"
    result = subprocess.run(
        [sys.executable, str(root / "examples" / "timeline.py"), "--dist", str(dist), str(out)],
        cwd=tmp_path,  # the script must not depend on the working directory
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

    # A real PNG of a sensible size: magic bytes, an IHDR chunk, and more than a blank canvas.
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC, "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 400, (width, height)
    assert len(data) > 30_000, f"suspiciously small PNG: {len(data)} bytes"

    # The printout: every dated event in the timeline part, the undated ones listed apart.
    printed, _, undated_part = result.stdout.partition("\nUndated events")
    assert undated_part, "the undated events are not listed separately"
    dates = pq.read_table(dist / "parquet" / "events.parquet", columns=["date"]).column("date").to_pylist()
    assert f"Timeline: {sum(d is not None for d in dates)} dated events" in printed
    assert undated_part.startswith(f" ({sum(d is None for d in dates)})")

    lines = printed.splitlines()
    visit = [i for i, line in enumerate(lines) if line.startswith("2007-03-15") and "state visit" in line]
    assert visit, "the 15 March 2007 state visit is not in the timeline:\n" + printed
    assert "Ilham Aliyev (visitor)" in lines[visit[0] + 1], lines[visit[0] + 1]

    # In order: the first days of the dates ("2007", "2007-Q1", "2007-03", "2007-03-15") never go back.
    whens = [line.split()[0] for line in lines[1:] if line and not line.startswith(" ")]
    assert len(whens) == sum(d is not None for d in dates)
    starts = [first_day(w) for w in whens]
    assert starts == sorted(starts), whens


def first_day(when):
    """The first day of a date as the timeline prints it, as sortable ISO text."""
    year, _, rest = when.partition("-")
    if rest.startswith("Q"):
        return f"{year}-{3 * int(rest[1]) - 2:02d}-01"
    return (when + "-01-01")[:10] if len(when) < 10 else when[:10]
