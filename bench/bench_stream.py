"""Benchmarks of issue #14 (cost that does not grow), each against its floor in the
same run, printed as Markdown tables for docs/benchmarks.md with the load average:

    python bench/bench_stream.py memory [--sizes 200,2000,10000] [--old REV] [--keep DIR]
    python bench/bench_stream.py startup [--rounds 30] [--as-env]
    python bench/bench_stream.py sync [--files 10000] [--rounds 2]

memory: peak memory (and time) of `tally` and `export` over 200, 2,000 and 10,000
session files, against the floor of parsing the same files one by one with
`tomllib` in one process.

Files: 24 sessions made by the real session core (tests/support/analysis_fixtures.py), then
copies of them with their session id, participant and start time changed, so
that every file is a different session (about 40 KiB each). Each command runs in
a fresh interpreter (`python -m prompter ...`, `--jobs 1`), one after the other;
its peak resident memory is the child's `ru_maxrss` from `os.wait4`. With `--old
REV`, the same commands of that git revision run too (from `git archive` in a
temporary folder): the figures before streaming.

startup: `prompter --version`, `prompter validate demo` and `prompter tally FILE
--format json` (the installed script, fresh interpreters) in interleaved rounds
with the floor `python -c "import tomllib"`; each figure the median of its rounds,
each ratio the median of the rounds' own ratios. Every child, the floor too, reads
its byte-code from a cache of its own (PYTHONPYCACHEPREFIX, a temporary folder) that
the warm-up rounds fill, as an installed package has its byte-code compiled: without
it (PYTHONDONTWRITEBYTECODE set, as in some sandboxes) each start compiles again the
modules whose byte-code is missing or stale, a cost an installed package does not
pay. `--as-env` runs the children with the environment as it is, for comparison.

sync: a Markdown export folder of `--files` write-ups, written the way the command
writes them now (`FolderWriter`: temporary files, one `os.sync()`, renames, one
fsync of the folder) and as before (`write_atomic` per file: fsync of the file, a
rename, an fsync of the folder each), against the floor of writing the same bytes
with no sync at all; interleaved rounds in one process, each in a fresh folder.

Prints a Markdown table for docs/benchmarks.md, with the load average.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the shared test helpers

SEEDS = 24
TARGET_MB = 150
FLOOR = (
    "import pathlib, sys, tomllib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')):\n"
    "    with open(p, 'rb') as f:\n"
    "        tomllib.load(f)\n"
)


def make_files(folder: Path, n: int) -> None:
    """`n` session files: SEEDS real ones, then copies that differ in id and time."""
    from analysis_fixtures import bundled, write_sessions

    folder.mkdir(parents=True, exist_ok=True)
    seeds = write_sessions(folder / "seed", bundled(), min(SEEDS, n))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    base = datetime(2027, 1, 4, 9, 0)
    for i in range(n - len(seeds)):
        t = texts[i % len(texts)]
        sid = f"C{i:05d}"
        when = (base + timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M:%S+00:00")
        t = re.sub(r'^id = ".*"$', f'id = "{sid}_copy"', t, count=1, flags=re.M)
        t = re.sub(r'^participant = ".*"$', f'participant = "{sid}"', t, count=1, flags=re.M)
        t = re.sub(r"^started_at = .*$", f"started_at = {when}", t, count=1, flags=re.M)
        t = re.sub(r"^ended_at = .*$", f"ended_at = {when}", t, count=1, flags=re.M)
        (folder / f"{sid}.toml").write_text(t, encoding="utf-8")


def peak(argv: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of a command run to its end, in `cwd` (first on its path)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{argv}: exit {proc.returncode}: {err[-500:]}")
    return usage.ru_maxrss / 1024, secs


COMMANDS = {
    "tally --format json": ["tally", "{d}", "--format", "json"],
    "export --format csv -o": ["export", "{d}", "--format", "csv", "-o", "{o}/out.csv"],
    "export --format matrix -o": ["export", "{d}", "--format", "matrix", "-o", "{o}/m.csv"],
    "export --format markdown -o DIR": ["export", "{d}", "--format", "markdown", "-o", "{o}/md"],
    "export --format qdpx -o": ["export", "{d}", "--format", "qdpx", "-o", "{o}/p.qdpx"],
    "export --format qdc": ["export", "{d}", "--format", "qdc"],
}


def run_all(folder: Path, tree: Path, which: list[str]) -> dict[str, tuple[float, float]]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = {}
    with tempfile.TemporaryDirectory(prefix="prompter-bench-out-") as o:
        for name in which:
            argv = [a.format(d=folder, o=o) for a in COMMANDS[name]]
            out[name] = peak([sys.executable, "-m", "prompter", *argv, "--jobs", "1"], env, tree)
            for p in Path(o).iterdir():  # the next command writes anew
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return out


def memory(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench_stream.py memory")
    ap.add_argument("--sizes", default="200,2000,10000")
    ap.add_argument("--old", help="a git revision to measure too (before streaming)")
    ap.add_argument("--old-commands", default="tally --format json,export --format csv -o")
    ap.add_argument("--keep", type=Path, help="make (or reuse) the files under this folder")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="prompter-bench-"))
    old_tree = None
    try:
        if args.old:
            old_tree = Path(tempfile.mkdtemp(prefix="prompter-old-"))
            archive = subprocess.run(
                ["git", "archive", args.old, "prompter"], cwd=ROOT, check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive, check=True)
            for data in ("guides",):  # what the package reads beside itself, if anything
                if (ROOT / data).is_dir():
                    shutil.copytree(ROOT / data, old_tree / data)
        rows = []
        for n in sizes:
            folder = base / f"n{n}"
            if not (folder.exists() and len(list(folder.rglob("*.toml"))) == n):
                shutil.rmtree(folder, ignore_errors=True)
                make_files(folder, n)
            size = sum(p.stat().st_size for p in folder.rglob("*.toml"))
            subprocess.run([sys.executable, "-c", FLOOR, str(folder)], check=True)  # warm
            floor = peak([sys.executable, "-c", FLOOR, str(folder)])
            rows.append((n, "floor: tomllib.load of each file, one process", *floor, floor[0]))
            for name, (mb, secs) in run_all(folder, ROOT, list(COMMANDS)).items():
                rows.append((n, name, mb, secs, floor[0]))
            if old_tree is not None:
                which = args.old_commands.split(",")
                for name, (mb, secs) in run_all(folder, old_tree, which).items():
                    rows.append((n, f"{name} (before, {args.old})", mb, secs, floor[0]))
            print(f"{n} files, {size / n / 1024:.0f} KiB each: done", file=sys.stderr)
        load = os.getloadavg()
        print(
            f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; each command "
            f"`--jobs 1` in a fresh interpreter; load average at the end {load[0]:.1f} "
            f"(1 min), {load[1]:.1f} (5 min).\n"
        )
        print("| files | command | peak RSS (MB) | seconds | RSS over the floor's |")
        print("|---:|---|---:|---:|---:|")
        for n, name, mb, secs, fl in rows:
            print(f"| {n:,} | {name} | {mb:.0f} | {secs:.1f} | {mb / fl:.2f} |")
        worst = max(mb for n, name, mb, _, _ in rows if n == max(sizes) and "before" not in name)
        verdict = "met" if worst <= TARGET_MB else "NOT met"
        print(
            f"\nTarget: at most {TARGET_MB} MB at {max(sizes):,} files: {verdict} "
            f"(largest {worst:.0f} MB)."
        )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        if old_tree is not None:
            shutil.rmtree(old_tree, ignore_errors=True)
    return 0


STARTUP = {
    "floor: python -c 'import tomllib'": [sys.executable, "-c", "import tomllib"],
    "prompter --version": ["{bin}", "--version"],
    "prompter validate demo": ["{bin}", "validate", "demo"],
    "prompter tally FILE --format json": ["{bin}", "tally", "{file}", "--format", "json"],
}
STARTUP_TARGETS = {"prompter --version": 1.3, "prompter tally FILE --format json": 2.5}


def startup(argv: list[str]) -> int:
    import statistics

    ap = argparse.ArgumentParser(prog="bench_stream.py startup")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--as-env", action="store_true", help="no byte-code cache of the bench's own")
    args = ap.parse_args(argv)
    script = Path(sys.executable).with_name("prompter")
    with tempfile.TemporaryDirectory(prefix="prompter-bench-") as tmp:
        from analysis_fixtures import bundled, write_sessions

        (file,) = write_sessions(Path(tmp), bundled(), 1)
        cmds = {k: [a.format(bin=script, file=file) for a in v] for k, v in STARTUP.items()}
        env = dict(os.environ)
        if not args.as_env:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(3):  # warm: byte-code compiled and cached, files cached
            for c in cmds.values():
                subprocess.run(c, **quiet)
        for _ in range(args.rounds):
            for k, c in cmds.items():
                t0 = time.perf_counter()
                subprocess.run(c, check=True, **quiet)
                times[k].append(time.perf_counter() - t0)
    floor = times[next(iter(cmds))]
    load = os.getloadavg()
    cache = "the environment as it is" if args.as_env else "byte-code cached"
    print(
        f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; {args.rounds} "
        f"interleaved rounds, {cache}; load average at the end {load[0]:.1f} "
        f"(1 min), {load[1]:.1f} (5 min).\n"
    )
    print("| command | median ms | best ms | ratio to the floor (median) | target |")
    print("|---|---:|---:|---:|---|")
    for k, ts in times.items():
        ratio = statistics.median(t / f for t, f in zip(ts, floor, strict=True))
        target = STARTUP_TARGETS.get(k)
        verdict = (
            ""
            if target is None
            else (f"at most {target}: {'met' if ratio <= target else 'NOT met'}")
        )
        print(
            f"| {k} | {statistics.median(ts) * 1000:.1f} | {min(ts) * 1000:.1f} | "
            f"{ratio:.2f} | {verdict} |"
        )
    return 0


def sync(argv: list[str]) -> int:
    import statistics

    from prompter import output
    from prompter.output import FolderWriter
    from prompter.session.atomic import write_atomic

    ap = argparse.ArgumentParser(prog="bench_stream.py sync")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dir", type=Path, help="where to write (default: a temporary folder)")
    args = ap.parse_args(argv)
    from analysis_fixtures import bundled, write_sessions

    from prompter.analysis.export.markdown import session_markdown
    from prompter.analysis.read import load_sessions

    base = Path(tempfile.mkdtemp(prefix="prompter-bench-sync-", dir=args.dir))
    try:
        write_sessions(base / "seed", bundled(), 12)
        texts = [session_markdown(r) for r in load_sessions([base / "seed"]).sessions]
        items = [(f"S{i:05d}.md", texts[i % len(texts)]) for i in range(args.files)]
        size = sum(len(t.encode()) for _, t in items)

        def floor(folder: Path) -> None:
            for name, text in items:
                (folder / name).write_bytes(text.encode("utf-8"))

        def before(folder: Path) -> None:  # what write_output did per file
            for name, text in items:
                write_atomic(folder / name, text.encode("utf-8"), exclusive=True)

        def now(folder: Path) -> None:
            w = FolderWriter(folder, False)
            for name, text in items:
                w.add(name, text)
            assert w.commit() == 0 and w.count == len(items)

        def each(folder: Path) -> None:  # an fsync per file, renames, one folder fsync
            def fsync_each(paths):
                for p in paths:
                    fd = os.open(p, os.O_RDONLY)
                    os.fsync(fd)
                    os.close(fd)

            saved, output.sync_files = output.sync_files, fsync_each
            try:
                now(folder)
            finally:
                output.sync_files = saved

        ways = {
            "floor: write each file, no sync": floor,
            "before: write_atomic per file (2 fsyncs each)": before,
            "now: FolderWriter (one os.sync, one folder fsync)": now,
            "variant: an fsync per file, one folder fsync": each,
        }
        times: dict[str, list[float]] = {k: [] for k in ways}
        for r in range(args.rounds):
            for k, fn in ways.items():
                folder = base / f"out-{r}-{len(times[k])}-{abs(hash(k))}"
                folder.mkdir()
                os.sync()  # each starts with nothing left to write
                t0 = time.perf_counter()
                fn(folder)
                times[k].append(time.perf_counter() - t0)
                shutil.rmtree(folder)
                print(f"round {r + 1}: {k}: {times[k][-1]:.1f} s", file=sys.stderr)
        fl = times[next(iter(ways))]
        load = os.getloadavg()
        print(
            f"\n{args.files:,} Markdown write-ups, {size / args.files / 1024:.1f} KiB each, "
            f"in one folder; {args.rounds} interleaved rounds; load average at the end "
            f"{load[0]:.1f} (1 min), {load[1]:.1f} (5 min).\n"
        )
        print("| how | seconds (median) | ms per file | ratio to the floor |")
        print("|---|---:|---:|---:|")
        for k, ts in times.items():
            ratio = statistics.median(t / f for t, f in zip(ts, fl, strict=True))
            m = statistics.median(ts)
            print(f"| {k} | {m:.2f} | {m / args.files * 1000:.3f} | {ratio:.1f} |")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


def main() -> int:
    modes = {"memory": memory, "startup": startup, "sync": sync}
    if len(sys.argv) < 2 or sys.argv[1] not in modes:
        print(__doc__)
        return 2
    return modes[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
