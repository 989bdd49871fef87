"""A dated timeline of the events in the dataset, with who took part in each and in what role.

Run from anywhere (the default paths are relative to the repository):

    python examples/timeline.py                   # prints the timeline, draws examples/timeline.png
    python examples/timeline.py /tmp/timeline.png # draws it somewhere else
    python examples/timeline.py --dist path/to/dist out.png

Needs pandas, pyarrow and matplotlib (all pinned in tests/interop/requirements.txt).
"""

import argparse
import datetime as dt
import hashlib
import os
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DIGEST_KEY = "Timeline-SHA256"  # PNG text chunk: the SHA-256 of the printed timeline

# %% 1. Where the data is, and where the picture goes.
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("output", nargs="?", default=ROOT / "examples" / "timeline.png", type=Path, help="PNG to write")
parser.add_argument("--dist", default=os.environ.get("DATASET_DIST", ROOT / "dist"), type=Path, help="dataset folder")
args = parser.parse_args()

# %% 2. Load three tables from Parquet. Dates arrive as datetime.date (Parquet DATE), missing ones as None;
# enumerations such as `kind` and `role` arrive as pandas categoricals.
events = pd.read_parquet(args.dist / "parquet" / "events.parquet")
participants = pd.read_parquet(args.dist / "parquet" / "event_participants.parquet")
entities = pd.read_parquet(args.dist / "parquet" / "entities.parquet")

# %% 3. Name every participant and gather them per event, "Name (role)", in the curated order.
named = participants.merge(entities[["id", "name"]], left_on="entity_id", right_on="id", how="left", validate="m:1")
assert named["name"].notna().all(), "a participant points at no entity"
named["who"] = named["name"] + " (" + named["role"].astype(str) + ")"
who = named.groupby("event_id", sort=False)["who"].agg(", ".join)
events["participants"] = events["id"].map(who).fillna("(no participants recorded)")


# %% 4. Say each date only as precisely as it is known: a date less precise than a day is the first day
# of its month, quarter or year, and `date_precision` says which.
def when(date, precision, end):
    if date is None or pd.isna(date):
        return ""
    text = {
        "day": date.isoformat(),
        "month": f"{date:%Y-%m}",
        "quarter": f"{date.year}-Q{(date.month - 1) // 3 + 1}",
        "year": f"{date.year}",
    }[precision]
    period_end = {
        "day": date,
        "month": (pd.Timestamp(date) + pd.offsets.MonthEnd(0)).date(),
        "quarter": (pd.Timestamp(date) + pd.offsets.QuarterEnd(0)).date(),
        "year": dt.date(date.year, 12, 31),
    }[precision]
    if end is not None and not pd.isna(end) and end != period_end:  # a span longer than the period
        text += f" to {end.isoformat()}"
    return text


events["when"] = [when(d, p, e) for d, p, e in zip(events["date"], events["date_precision"], events["date_end"])]
events["kind_label"] = events["kind"].astype(str).str.replace("_", " ")

# %% 5. Split the dated events from the undated ones. Dated events go earliest first; on the same first
# day, the wider period first (the year 2007 before its first quarter, before 1 January 2007 itself).
events["width"] = events["date_precision"].astype(str).map({"year": 0, "quarter": 1, "month": 2, "day": 3})
dated = events[events["date"].notna()].sort_values(["date", "width", "id"]).reset_index(drop=True)
undated = events[events["date"].isna()].sort_values(["kind_label", "id"]).reset_index(drop=True)

# %% 6. Print the timeline, then the events the article gives no date for.
lines = [f"Timeline: {len(dated)} dated events, earliest first"]
for row in dated.itertuples():
    lines.append(f"{row.when:<12} {row.kind_label:<18} {row.summary}")
    lines.append(f"{'':<12} {'':<18} who: {row.participants}")
lines += ["", f"Undated events ({len(undated)}), not drawn"]
for row in undated.itertuples():
    lines.append(f"  {row.kind_label:<20} {row.summary}")
    lines.append(f"  {'':<20} who: {row.participants}")
printed = "\n".join(lines) + "\n"
print(printed, end="")

# %% 7. Draw the dated events top to bottom, one after another (by order, not to scale: 1999 and
# March 2007 are far apart), each with its date, kind, summary and participants. A filled dot is a
# known day; a hollow dot is a month, quarter or year.
WRAP = 110
blocks = []  # (event, summary lines, participant lines)
for row in dated.itertuples():
    summary = textwrap.wrap(f"{row.kind_label.capitalize()}: {row.summary}", WRAP, break_on_hyphens=False)
    people = textwrap.wrap(row.participants, WRAP + 10, break_on_hyphens=False)
    blocks.append((row, summary, people))

LINE, GAP = 1.0, 1.1  # heights in text lines
total = sum(len(s) + len(p) for _, s, p in blocks) * LINE + GAP * (len(blocks) - 1)
fig, ax = plt.subplots(figsize=(13, 1.3 + 0.21 * total))
ax.set_xlim(0, 1)
ax.set_ylim(total + 1.0, -0.6)  # y grows downwards: earliest at the top
ax.axis("off")
ax.plot([0.15, 0.15], [0, total - 0.5], color="#9aa5b1", linewidth=2, zorder=1)

y = 0.0
previous_year = None
for row, summary, people in blocks:
    if previous_year is not None and row.date.year != previous_year:
        ax.axhline(y - GAP / 2, xmin=0.02, xmax=0.98, color="#d5dbe1", linewidth=0.8, zorder=0)
    previous_year = row.date.year
    precise = row.date_precision == "day"
    ax.scatter(
        [0.15], [y + 0.35], s=70, zorder=2, linewidths=1.8, edgecolors="#1f4e79",
        facecolors="#1f4e79" if precise else "white",
    )
    ax.text(0.135, y + 0.35, row.when, ha="right", va="center", fontsize=10.5, fontweight="bold", color="#1f2933")
    ax.text(0.165, y, "\n".join(summary), ha="left", va="top", fontsize=10, color="#1f2933", linespacing=1.35)
    y += len(summary) * LINE
    ax.text(0.165, y, "\n".join(people), ha="left", va="top", fontsize=9, color="#52606d", style="italic", linespacing=1.35)
    y += len(people) * LINE + GAP

ax.scatter([], [], s=50, facecolors="#1f4e79", edgecolors="#1f4e79", label="exact day")
ax.scatter([], [], s=50, facecolors="white", edgecolors="#1f4e79", label="month, quarter or year")
ax.legend(loc="lower left", frameon=False, fontsize=9, ncol=2, bbox_to_anchor=(0.0, -0.02))
fig.suptitle("Tajikistan, 1999 – March 2007: dated events and who took part", x=0.02, ha="left", fontsize=14, fontweight="bold")
ax.set_title(
    f"Eurasia Daily Monitor 4/55 dataset · {len(dated)} dated events in order (not to scale) · "
    f"{len(undated)} undated events not shown",
    loc="left", fontsize=9.5, color="#52606d",
)
fig.tight_layout()
args.output.parent.mkdir(parents=True, exist_ok=True)
# The picture carries the SHA-256 of the printout above, which names everything it draws, so that a
# committed picture drawn from other data is found stale (tests/interop/test_examples.py).
fig.savefig(args.output, dpi=110, metadata={DIGEST_KEY: hashlib.sha256(printed.encode("utf-8")).hexdigest()})
print(f"\nwrote {args.output}")
