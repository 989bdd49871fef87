"""The differential test: seedtool and python-jsonschema accept and reject exactly the same
mutated records, for the committed seeds schema (`validate`) and for a user's schema in generic
mode (`export`). The mutations come from `mutations.py`; only seedtool's `schema` problems count,
as its other rules (references, quotes, dates in range) go beyond what a schema can say."""

import json
import subprocess
from pathlib import Path

import jsonschema

from mutations import mutate

SEED = 20070315


def seedtool(root, *args):
    return subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def shipped_records(root, schema):
    """Every record of the shipped seeds files, with its list (the lists the schema names)."""
    lists = {k for k, v in schema["properties"].items() if v.get("type") == "array"}
    records = []
    for path in sorted((root / "seeds").rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for key, value in document.items():
            if key in lists:
                records.extend((key, r) for r in value)
    return records


def schema_rejected(report, key):
    """The values of `key` of every diagnostic of rule `schema` in a JSON report."""
    return {key(d) for d in report["diagnostics"] if d["rule"] == "schema"}


def disagreements(cases, python_rejects, rust_rejects):
    wrong = []
    for name, label in cases:
        if (name in python_rejects) != (name in rust_rejects):
            who = "python-jsonschema" if name in python_rejects else "seedtool"
            wrong.append(f"{name} ({label}): only {who} rejects it")
    return wrong


def test_seeds_records_are_judged_alike(root, tmp_path):
    schema = json.loads((root / "schema" / "seeds.schema.json").read_text(encoding="utf-8"))
    check = validator(schema)
    corpus = mutate(shipped_records(root, schema), 1500, SEED)
    assert len(corpus) >= 1000
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    cases, python_rejects = [], set()
    for i, (label, list_name, record) in enumerate(corpus):
        name = f"m-{i:05}.json"
        document = {"$schema": "../schema/seeds.schema.json", list_name: [record]}
        (seeds / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        cases.append((name, label))
        if any(True for _ in check.iter_errors(document)):
            python_rejects.add(name)
    assert 0 < len(python_rejects) < len(corpus)
    out = seedtool(root, "validate", "--seeds", str(seeds), "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout)
    rust_rejects = schema_rejected(report, lambda d: Path(d["file"]).name)
    wrong = disagreements(cases, python_rejects, rust_rejects)
    assert not wrong, f"{len(wrong)} of {len(cases)} judged differently:\n" + "\n".join(wrong[:40])


def test_seeds_records_in_json_lines_are_judged_alike(root, tmp_path):
    """The same mutated records, each alone in a JSON Lines file: a JSON Lines part whose every
    line reads strictly into its type skips the `jsonschema` validator (`validate::typed`), so
    this holds that fast path to python-jsonschema's verdicts, record by record."""
    schema = json.loads((root / "schema" / "seeds.schema.json").read_text(encoding="utf-8"))
    check = validator(schema)
    corpus = mutate(shipped_records(root, schema), 1500, SEED)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    cases, python_rejects = [], set()
    for i, (label, list_name, record) in enumerate(corpus):
        name = f"m-{i:05}.{list_name}.jsonl"
        (seeds / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        cases.append((name, label))
        document = {"$schema": "seeds.schema.json", list_name: [record]}
        if any(True for _ in check.iter_errors(document)):
            python_rejects.add(name)
    assert 0 < len(python_rejects) < len(corpus)
    out = seedtool(root, "validate", "--seeds", str(seeds), "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout)
    rust_rejects = schema_rejected(report, lambda d: Path(d["file"]).name)
    wrong = disagreements(cases, python_rejects, rust_rejects)
    assert not wrong, f"{len(wrong)} of {len(cases)} judged differently:\n" + "\n".join(wrong[:40])


def test_generic_records_are_judged_alike(root, tmp_path):
    fixtures = root / "tests" / "fixtures" / "generic"
    schema_path = fixtures / "flights.schema.json"
    check = validator(json.loads(schema_path.read_text(encoding="utf-8")))
    given = [
        json.loads(line)
        for line in (fixtures / "flights.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # The fixture's records, numbered anew 20 times over, so that the random choices of the
    # generator differ from copy to copy.
    originals = [("flights", dict(r, id=100 * copy + r["id"])) for copy in range(20) for r in given]
    corpus = mutate(originals, 1200, SEED)
    assert len(corpus) >= 1000
    lines, cases, python_rejects = [], [], set()
    for number, (label, _, record) in enumerate(corpus, start=1):
        lines.append(json.dumps(record, ensure_ascii=False))
        cases.append((number, label))
        if any(True for _ in check.iter_errors(record)):
            python_rejects.add(number)
    assert 0 < len(python_rejects) < len(corpus)
    records = tmp_path / "flights.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = seedtool(
        root, "export", "--schema", str(schema_path), "--input", str(records),
        "--out", str(tmp_path / "out"), "--format", "json", "--quiet",
    )
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout)
    rust_rejects = schema_rejected(report, lambda d: d["line"])
    wrong = disagreements(cases, python_rejects, rust_rejects)
    assert not wrong, f"{len(wrong)} of {len(cases)} judged differently:\n" + "\n".join(wrong[:40])
