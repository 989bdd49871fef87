"""Writes N synthetic orders as JSON Lines, for the generic-mode benchmark: each order has one to
three lines, and each line zero to two tags, so that `seedtool export` writes two child tables.
The same N gives the same file.

    python benches/generic_orders.py 1000000 > /tmp/orders.jsonl
    /usr/bin/time -v target/release/seedtool export --quiet \\
        --schema tests/fixtures/generic/orders/orders.schema.json \\
        --input /tmp/orders.jsonl --out /tmp/orders-out [--key order_id]
"""

import json
import random
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(15)
    skus = ["rice", "tea", "flour", "oil", "sugar", "salt", "soap", "lamp"]
    names = ["Rustam", "Malika", "Dilnoza", "Farrukh", "Zarina", "Bahrom"]
    out = sys.stdout
    for i in range(n):
        # Order numbers out of input order, so that `--key order_id` has sorting to do.
        order = f"o-{(i * 7919) % n:08d}"
        lines = []
        for _ in range(rng.randint(1, 3)):
            line = {"sku": rng.choice(skus), "qty": rng.randint(1, 20)}
            tags = [{"label": rng.choice(["gift", "fragile", "express"]), "weight": rng.randint(0, 10) / 10} for _ in range(rng.randint(0, 2))]
            if tags:
                line["tags"] = tags
            lines.append(line)
        record = {
            "order_id": order,
            "placed": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "customer": {"name": rng.choice(names), "country": rng.choice(["TJ", "UZ", "KZ"])},
            "lines": lines,
            "notes": ["leave at the door"] if rng.random() < 0.1 else [],
        }
        out.write(json.dumps(record, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
