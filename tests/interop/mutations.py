"""The mutation generator of the differential test: from valid records, deterministic variants
that break (or keep) a schema in the ways hand-edited JSON goes wrong — wrong types, missing and
extra fields, bad dates and formats, enum typos, numbers out of range, broken patterns, nulls
where none is allowed. Each variant changes one value, so a validator's verdict on it is a
verdict on that change."""

import copy
import random

BAD_DATES = ["2007-02-30", "2007-13-01", "March 14", "2007-3-14", "07-03-14", "", "2007-03-14T00:00:00"]
BAD_DATE_TIMES = ["2007-03-15", "2007-03-15T25:00:00Z", "2007-03-15 08:00:00", "yesterday"]
BAD_IDS = ["Bad Id", "UPPER", "trailing-", "-leading", "two--dashes", "é-accent", "a b", ""]
OTHER_TYPES = [0, 1.5, -3, True, False, "text", [], {}, ["x"], {"k": 1}, None]


def paths(value, prefix=()):
    """Every path to a value inside `value` (objects and arrays), the root excluded."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield prefix + (key,)
            yield from paths(inner, prefix + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield prefix + (index,)
            yield from paths(inner, prefix + (index,))


def get(value, path):
    for step in path:
        value = value[step]
    return value


def put(value, path, new):
    parent = get(value, path[:-1])
    parent[path[-1]] = new


def drop(value, path):
    parent = get(value, path[:-1])
    if isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


def variants(record, rng):
    """Mutations of one record: (what was done, the mutated record)."""
    out = []
    every = list(paths(record))
    for path in every:
        old = get(record, path)
        name = "/".join(map(str, path))
        for other in rng.sample(OTHER_TYPES, 3):
            if type(other) is not type(old) or other != old:
                m = copy.deepcopy(record)
                put(m, path, other)
                out.append((f"type {name}={other!r}", m))
        m = copy.deepcopy(record)
        drop(m, path)
        out.append((f"drop {name}", m))
        if isinstance(old, dict):
            m = copy.deepcopy(record)
            get(m, path)["unexpected_field"] = 1
            out.append((f"extra {name}", m))
        if isinstance(old, str):
            last = path[-1]
            if last in ("date", "end"):
                for bad in BAD_DATES:
                    m = copy.deepcopy(record)
                    put(m, path, bad)
                    out.append((f"date {name}={bad!r}", m))
            if last in ("when",):
                for bad in BAD_DATE_TIMES:
                    m = copy.deepcopy(record)
                    put(m, path, bad)
                    out.append((f"date-time {name}={bad!r}", m))
            if last in ("id", "entity", "event", "source", "subject", "object", "outlet", "speaker", "place"):
                for bad in BAD_IDS:
                    m = copy.deepcopy(record)
                    put(m, path, bad)
                    out.append((f"pattern {name}={bad!r}", m))
            for typo in (old + "x", old.upper(), old[:-1]):
                m = copy.deepcopy(record)
                put(m, path, typo)
                out.append((f"typo {name}={typo!r}", m))
        if isinstance(old, (int, float)) and not isinstance(old, bool):
            for bad in (-1, 0, 2**31, 2**53, -(2**40), 0.5):
                m = copy.deepcopy(record)
                put(m, path, bad)
                out.append((f"number {name}={bad!r}", m))
        if old is not None:
            m = copy.deepcopy(record)
            put(m, path, None)
            out.append((f"null {name}", m))
    m = copy.deepcopy(record)
    m["unexpected_field"] = "x"
    out.append(("extra /", m))
    return out


def mutate(records, count, seed):
    """About `count` mutated records from `records` (each a (list, record) pair), with the
    originals, chosen deterministically from `seed`: (label, list, record)."""
    rng = random.Random(seed)
    pool = []
    for list_name, record in records:
        pool.append(("original", list_name, record))
        for label, mutated in variants(record, rng):
            pool.append((label, list_name, mutated))
    if len(pool) > count:
        originals = [p for p in pool if p[0] == "original"]
        rest = [p for p in pool if p[0] != "original"]
        pool = originals + rng.sample(rest, count - len(originals))
    return pool
