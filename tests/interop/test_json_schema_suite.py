"""The official JSON-Schema-Test-Suite (draft 2020-12) run through generic mode: every case of
every group, as records of the group's own schema (when it is an object schema the tool accepts)
and wrapped as a one-column table (`{"v": data}`). Wherever the tool accepts the schema, its
verdict on each case (exported, or the record refused) must be the suite's `valid`. Refusals of a
whole schema (a type no column holds, a reference to a remote or on-disk document) are counted,
not failed; the counts are printed and written to `json-schema-suite.counts.json` in pytest's
cache, for GENERIC.md.

The suite is the one python-jsonschema vendors in its source distribution (`json/tests/`), fetched
from PyPI with pip at the version pinned below and kept in pytest's cache."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT

# The source distribution whose `json/tests/draft2020-12` is the suite run here.
SUITE_SDIST = "jsonschema==4.26.0"
# Assertions the tool makes on purpose where the suite's main folder says nothing is asserted:
# `format` (validated, as in the suite's optional format tests). Remote references are never
# fetched, so `refRemote.json` is refused as a whole; it still runs.
NOT_RUN = {"format.json"}


def seedtool(*args, cwd):
    command = [os.environ["SEEDTOOL"]] if os.environ.get("SEEDTOOL") else ["cargo", "run", "--release", "--quiet", "--manifest-path", str(ROOT / "Cargo.toml"), "--"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def suite(request):
    cache = Path(request.config.cache.mkdir("json-schema-suite"))
    folder = cache / SUITE_SDIST.replace("==", "-") / "draft2020-12"
    if not folder.is_dir():
        downloaded = cache / "sdist"
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", SUITE_SDIST, "-d", str(downloaded)], check=True)
        (archive,) = downloaded.glob("jsonschema-*.tar.gz")
        folder.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                parts = Path(member.name).parts
                if parts[1:4] == ("json", "tests", "draft2020-12") and len(parts) == 5 and member.name.endswith(".json"):
                    (folder / parts[4]).write_bytes(tar.extractfile(member).read())
    files = sorted(folder.glob("*.json"))
    assert len(files) > 40, f"the suite at {folder} holds {len(files)} files"
    return files


def wrap(schema):
    """The case's schema as the one column `v` of a record, its own resource (`$id`), so that
    its references (`#`, `#/$defs/…`) still mean what they meant."""
    if isinstance(schema, dict):
        schema = dict(schema)
        schema.setdefault("$id", "urn:seedtool:case")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"v": schema}, "required": ["v"]}


def verdicts(tmp, schema, records):
    """The tool's verdict on each record: True (exported), False (refused), or None for every
    record when the schema itself is refused; and the refusal."""
    (tmp / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = seedtool("export", "--quiet", "--format", "json", "--schema", "s.json", "--input", "r.jsonl", "--out", "out", cwd=tmp)
    if result.returncode == 0:
        return [True] * len(records), None
    if result.returncode == 2:
        return [None] * len(records), result.stderr
    assert result.returncode == 1, result.stderr
    refused = {int(d["record"].split()[-1]) for d in json.loads(result.stdout)["diagnostics"]}
    return [i + 1 not in refused for i in range(len(records))], None


def test_every_case_of_an_accepted_schema_gets_the_suites_verdict(suite, tmp_path, request):
    counts = {"cases": 0, "direct": {"accepted": 0, "agreeing": 0, "refused": 0, "not an object": 0}, "wrapped": {"accepted": 0, "agreeing": 0, "refused": 0}}
    disagreements = []
    n = 0
    for path in suite:
        if path.name in NOT_RUN:
            continue
        for group in json.loads(path.read_text(encoding="utf-8")):
            tests = group["tests"]
            counts["cases"] += len(tests)
            objects = [t for t in tests if isinstance(t["data"], dict)]
            counts["direct"]["not an object"] += len(tests) - len(objects)
            for mode, schema, cases, records in [
                ("direct", group["schema"], objects, [t["data"] for t in objects]),
                ("wrapped", wrap(group["schema"]), tests, [{"v": t["data"]} for t in tests]),
            ]:
                if not cases:
                    continue
                n += 1
                tmp = tmp_path / str(n)
                tmp.mkdir()
                got, _ = verdicts(tmp, schema, records)
                for case, verdict in zip(cases, got):
                    if verdict is None:
                        counts[mode]["refused"] += 1
                        continue
                    counts[mode]["accepted"] += 1
                    if verdict == case["valid"]:
                        counts[mode]["agreeing"] += 1
                    else:
                        disagreements.append(f"{mode} {path.name}: {group['description']}: {case['description']} (suite: {case['valid']}, tool: {verdict})")
    print(json.dumps(counts, indent=1))
    request.config.cache.set("json-schema-suite/counts", counts)
    assert counts["direct"]["accepted"] > 0 and counts["wrapped"]["accepted"] > 0
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(disagreements)
