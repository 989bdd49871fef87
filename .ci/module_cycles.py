#!/usr/bin/env python3
"""Fails when modules of src/ import each other in a cycle.

Reads every library file (tests and the binary's main.rs and cli/ aside), takes its
`crate::a::b` and `super::x` paths as dependencies, and looks for strongly connected components at
two depths: top-level modules (`validate`) and their children (`validate::plan`).
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "src")
SKIP = {"main.rs", "tests.rs", "lib.rs"}
BINARY = os.path.join(ROOT, "cli")


def module(path):
    parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    return parts[:-1] if parts[-1] == "mod" else parts


def dependencies():
    edges = {}
    for folder, _, files in os.walk(ROOT):
        if os.path.abspath(folder).startswith(os.path.abspath(BINARY)):
            continue
        for name in files:
            if not name.endswith(".rs") or name in SKIP:
                continue
            path = os.path.join(folder, name)
            me = module(path)
            text = open(path, encoding="utf-8").read()
            text = re.split(r"#\[cfg\(test\)\]\s*mod tests\s*\{", text)[0]
            text = re.sub(r"//.*", "", text)
            deps = set(re.findall(r"crate::([a-z_]+(?:::[a-z_]+)?)", text))
            for group in re.findall(r"use crate::\{([^}]*)\}", text):
                deps.update(re.findall(r"\b([a-z_]+)\b", group))
            for child in re.findall(r"super::([a-z_]+)", text):
                deps.add("::".join(me[:-1] + [child]))
            edges["::".join(me)] = deps
    return edges


def cycles(edges, depth):
    cut = lambda name: "::".join(name.split("::")[:depth])
    known = {cut(m) for m in edges}
    graph = {}
    for source, deps in edges.items():
        for dep in deps:
            a, b = cut(source), cut(dep)
            if a != b and b in known:
                graph.setdefault(a, set()).add(b)
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found, graph


def main():
    edges = dependencies()
    failed = False
    for depth in (1, 2):
        found, graph = cycles(edges, depth)
        for component in found:
            failed = True
            print(f"import cycle: {' <-> '.join(component)}")
            for a in component:
                print(f"  {a} -> {', '.join(sorted(b for b in graph[a] if b in component))}")
    if not failed:
        print("no import cycles between modules")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
