"""The scripts in examples/ run against the published dataset and produce what they promise."""

import struct
import subprocess
import sys
import zlib

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


def test_the_committed_timeline_picture_is_drawn_from_the_committed_data(root, tmp_path):
    # The script writes into each picture the SHA-256 of the timeline it prints, which names every
    # event it draws; the committed picture must carry the one the committed dist/ gives today.
    out = tmp_path / "timeline.png"
    result = subprocess.run(
        [sys.executable, str(root / "examples" / "timeline.py"), "--dist", str(root / "dist"), str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = png_text(out.read_bytes()).get(DIGEST_KEY)
    assert fresh, f"the script wrote no {DIGEST_KEY} into its picture"
    committed = png_text((root / "examples" / "timeline.png").read_bytes()).get(DIGEST_KEY)
    assert committed == fresh, (
        "examples/timeline.png is stale: it was drawn from other data than dist/ holds; "
        "redraw it with `python examples/timeline.py`"
    )


DIGEST_KEY = "Timeline-SHA256"


def png_text(data):
    """The text chunks (tEXt, zTXt, iTXt) of a PNG file, keyword to text."""
    assert data[:8] == PNG_MAGIC, "not a PNG"
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, value = body.partition(b"\0")
            texts[key.decode("latin-1")] = zlib.decompress(value[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, value = rest.partition(b"\0")
            texts[key.decode("latin-1")] = (zlib.decompress(value) if compressed else value).decode("utf-8")
    return texts


def first_day(when):
    """The first day of a date as the timeline prints it, as sortable ISO text."""
    year, _, rest = when.partition("-")
    if rest.startswith("Q"):
        return f"{year}-{3 * int(rest[1]) - 2:02d}-01"
    return (when + "-01-01")[:10] if len(when) < 10 else when[:10]
