"""Loading a guide: parsed from YAML, from the parsed-guide cache, and from the cache as it
was before its columnar layout (issue #14): `python bench/bench_guide_cache.py [--rounds 9]`.

For the bundled Resilience Hub guide (47 questions) and generated guides of 1,000, 5,000
and 10,000 questions (`large_guide` of bench/bench_tui.py: sections of ten, three probes
and a code each), in one process, the three interleaved round by round:

  parse       prompter.guide.load.load_guide: the safe YAML loader (libyaml when present)
  cached      prompter.guide.cache.lookup: the entry read, checked and rebuilt
  old cached  the same with the cache module of the commit before the columnar layout,
              read from git (`git show`), not kept in the product

and the first lookup in a fresh process, new and old (each module imported or compiled
before the clock starts; one-time costs included: the check of the model's constructors,
hashing the loader's code). Then what a 5,000-question load is made
of, each part alone: decoding the entry (JSON as kept; JSON without the one-value columns;
`marshal` of the same data), building the objects (`__init__` per object, or by class
through the slots), and the control-character check (per string, or one pass). Medians in
milliseconds, as Markdown tables for docs/benchmarks.md, with the load average.
"""

from __future__ import annotations

import argparse
import gc
import json
import marshal
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections import deque
from itertools import repeat
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_tui import large_guide  # noqa: E402

from prompter.guide import cache  # noqa: E402
from prompter.guide.bundled import resolve_guide  # noqa: E402
from prompter.guide.load import load_guide as parse  # noqa: E402
from prompter.records import fields  # noqa: E402
from prompter.text import visible_lines  # noqa: E402

CACHE = "prompter/guide/cache.py"
SIZES = (1_000, 5_000, 10_000)


def old_cache_source() -> tuple[str, str]:
    """(commit, source) of the cache module just before the columnar layout."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    new = git("log", "--format=%H", "-S", 'b"prompter-guide-cache 2"', "--", CACHE).split()
    commit = git("rev-parse", "--short", f"{new[-1]}^").strip()
    return commit, git("show", f"{commit}:{CACHE}")


def old_cache_module(source: str, folder: Path) -> types.ModuleType:
    module = types.ModuleType("old_guide_cache")
    module.__file__ = cache.__file__  # its key hashes the loader's code next to it
    exec(compile(source, "old_guide_cache", "exec"), module.__dict__)
    module._folder = lambda: folder  # entries apart from the new module's
    return module


def ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def timed(fn) -> float:
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    assert result is not None
    del result  # freeing the guide is not part of loading it
    return elapsed


FRESH = """
import sys, time
sys.path.insert(0, {root!r})
from prompter.guide import model
{setup}
start = time.perf_counter()
guide = lookup({path!r})
print(time.perf_counter() - start, guide is not None)
"""


OLD_SETUP = """
import types
from pathlib import Path
old = types.ModuleType("old_guide_cache")
old.__file__ = {cache!r}
source = Path({tmp!r}, "old-source.py").read_text()
exec(compile(source, "old_guide_cache", "exec"), old.__dict__)
old._folder = lambda: Path({tmp!r}, "old")
lookup = old.lookup
"""


def fresh_lookup(path: Path, setup: str, env: dict, runs: int = 5) -> float:
    """Median seconds of the first lookup in a new process (modules imported before)."""
    code = FRESH.format(root=str(ROOT), path=str(path), setup=setup)
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        ).stdout.split()
        assert out[1] == "True", out
        times.append(float(out[0]))
    return statistics.median(times)


def compare(guides: dict[str, Path], rounds: int, tmp: Path, old_source: str) -> list[str]:
    env = {**os.environ, "PROMPTER_CACHE_DIR": str(tmp / "new")}
    os.environ["PROMPTER_CACHE_DIR"] = env["PROMPTER_CACHE_DIR"]
    old = old_cache_module(old_source, tmp / "old")
    (tmp / "old-source.py").write_text(old_source)
    rows = [
        "| guide | questions | parse (YAML) | cached | old cached | speed-up on old"
        " | fresh process: cached (old) | entry size (old) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path in guides.items():
        guide = parse(path)
        cache.store(guide)
        old.store(guide)
        assert cache.lookup(path) == guide == old.lookup(path)
        times: dict[str, list[float]] = {"parse": [], "new": [], "old": []}
        for _ in range(rounds):
            times["parse"].append(timed(lambda: parse(path)))  # noqa: B023
            times["new"].append(timed(lambda: cache.lookup(path)))  # noqa: B023
            times["old"].append(timed(lambda: old.lookup(path)))  # noqa: B023
        fresh = fresh_lookup(path, "from prompter.guide.cache import lookup", env)
        fresh_old = fresh_lookup(path, OLD_SETUP.format(tmp=str(tmp), cache=cache.__file__), env)
        new_size = cache._entry(guide.sha256).stat().st_size
        old_size = next((tmp / "old").glob(f"{guide.sha256}-*.json")).stat().st_size
        p, n, o = ms(times["parse"]), ms(times["new"]), ms(times["old"])
        rows.append(
            f"| {name} | {len(guide.questions):,} | {p:.1f} ms | **{n:.1f} ms** | {o:.1f} ms"
            f" | {o / n:.1f}x | {fresh * 1000:.1f} ms ({fresh_old * 1000:.1f} ms)"
            f" | {new_size / 1024:,.0f} KiB ({old_size / 1024:,.0f} KiB) |"
        )
        print(rows[-1], file=sys.stderr)
    return rows


def parts(path: Path, rounds: int) -> list[str]:
    """What loading a 5,000-question guide is made of, each part alone."""
    guide = parse(path)
    cache.store(guide)
    raw = cache._entry(guide.sha256).read_bytes()
    body = raw.partition(b"\n")[2]
    data = json.loads(body)
    written_out = dict(data)  # every column as a list, as before one-value columns
    objects = cache._tables(guide)
    written_out["tables"] = [
        [c if isinstance(c, list) else [c] * len(objects[cls]) for c in table]
        for cls, table in zip(cache._ORDER, data["tables"], strict=True)
    ]
    written_out_body = json.dumps(written_out, separators=(",", ":")).encode()
    marshalled = marshal.dumps(data)
    arguments = {
        cls: [tuple(getattr(o, f) for f in fields(cls)) for o in objs]
        for cls, objs in objects.items()
    }

    def by_init():
        return [cls(*args) for cls, rows in arguments.items() for args in rows]

    def by_slots():
        made = []
        for cls, rows in arguments.items():
            new = list(map(object.__new__, repeat(cls, len(rows))))
            for name, column in zip(fields(cls), zip(*rows, strict=True), strict=False):
                deque(map(getattr(cls, name).__set__, new, column), maxlen=0)
            made += new
        return made

    strings = data["strings"]
    every_string = [  # as the old module checked them: each one, in tuples too
        s
        for rows in arguments.values()
        for row in rows
        for value in row
        for s in ((value,) if type(value) is str else value if type(value) is tuple else ())
        if type(s) is str
    ]

    def per_string():
        return all(visible_lines(s) == s for s in every_string)

    def one_regex():
        text = " ".join(strings)
        return visible_lines(text) == text

    n_objects = sum(map(len, objects.values()))
    measures = [
        ("decode: json, entry as kept", f"{len(body) / 1024:,.0f} KiB", lambda: json.loads(body)),
        (
            "decode: json, every column written out",
            f"{len(written_out_body) / 1024:,.0f} KiB",
            lambda: json.loads(written_out_body),
        ),
        (
            "decode: marshal, the same data (not used)",
            f"{len(marshalled) / 1024:,.0f} KiB",
            lambda: marshal.loads(marshalled),
        ),
        ("build: `__init__` per object", f"{n_objects:,} objects", by_init),
        ("build: by class, through the slots", f"{n_objects:,} objects", by_slots),
        (
            "check: `visible_lines` per string",
            f"{len(every_string):,} strings",
            per_string,
        ),
        (
            "check: one `visible_lines` over the strings kept once",
            f"{len(strings):,} strings",
            one_regex,
        ),
        (
            "check: as `lookup` does (ASCII: bytes.translate)",
            f"{len(strings):,} strings",
            lambda: cache._visible(strings),
        ),
    ]
    rows = ["| part of a 5,000-question load | of | median |", "|---|---:|---:|"]
    for label, of, fn in measures:
        times = []
        for _ in range(rounds):
            gc.collect()
            times.append(timed(fn))
        rows.append(f"| {label} | {of} | {ms(times):.1f} ms |")
        print(rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = ap.parse_args()
    commit, old_source = old_cache_source()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        guides = {"bundled (Resilience Hub)": resolve_guide(None)}
        guides |= {f"generated {n:,}": large_guide(n, tmp) for n in args.sizes}
        table = compare(guides, args.rounds, tmp, old_source)
        five = large_guide(5_000, tmp)
        breakdown = parts(five, args.rounds)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, medians of {args.rounds} interleaved rounds in one process "
        f"(fresh process: of 5); old cached = {CACHE} at {commit}; "
        f"load average at the end {load} (1/5/15 min)\n"
    )
    print("\n".join(table))
    print()
    print("\n".join(breakdown))


if __name__ == "__main__":
    main()
