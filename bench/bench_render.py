"""The first save of a session, rendered by tomli-w or by the emitter:
`python bench/bench_render.py [--rounds 15] [--large 5000] [--quick]`.

The first save of a session (at the start of an interview, and after each resume)
renders every entry of the file: nothing is cached yet. For the bundled guide (47
questions) and a generated guide of N questions (bench_tui.large_guide: sections of
ten, three probes and a code each), at the start of an interview and resumed after
500 events, this times

  render      session_to_toml(session) with no cache
  first save  SessionWriter(session, path).save() to a new file: the render, then
              the atomic write (temporary file, fsync, rename, fsync of the folder)

by two paths in the same process, alternately (old then new, new then old, ...):

  old  every table written by tomli_w.dumps, each question's entry whole, as
       render.py did before the emitter (its functions patched back in)
  new  render.py as it is: prompter/session/toml_out.py, a question's entry as its
       static lines (rendered once) and its changing ones (one text per state)

and prints the medians in milliseconds as a Markdown table for docs/benchmarks.md,
with the load average. Both paths write the same bytes (checked).

With --startup RUNS, also the start-up of the interview screen (bench_tui.time_to_text:
spawn in a pty until the first text shows) with the bundled guide and with the large
one, for two copies of the committed tree (git archive HEAD), the old one with the
render.py of --old-render (default: the commit before the emitter), byte-code compiled,
interleaved with a bare Textual app; medians and their ratio to the bare app.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tomli_w  # noqa: E402
from bench_tui import large_guide  # noqa: E402

from prompter.guide import load_guide  # noqa: E402
from prompter.session import Session, render  # noqa: E402
from prompter.session.resume import load_session  # noqa: E402
from prompter.session.writer import SessionWriter  # noqa: E402

BUNDLED = ROOT / "guides" / "resilience-hub-wider-stakeholders.yaml"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _old_aot(name: str, entry: dict) -> str:
    return f"\n[[{name}]]\n" + tomli_w.dumps(entry)


def _old_aot_entries(name: str, entries: list[dict]) -> str:
    return "".join(_old_aot(name, e) for e in entries)


def _old_question_text(cache: render.RenderCache, i: int, key: tuple) -> str:
    entry = render.question_entry(cache.static(i), key, i >= cache.n_guide)
    return _old_aot("questions", entry)


@contextlib.contextmanager
def tomli_w_only():
    """render.py as it was: tomli_w.dumps for the head and for every entry, each
    question's entry whole."""
    cls = render.RenderCache
    saved = render.dumps, render.aot_entry, render.aot_entries, cls.question_text
    render.dumps, render.aot_entry, render.aot_entries = tomli_w.dumps, _old_aot, _old_aot_entries
    cls.question_text = _old_question_text
    try:
        yield
    finally:
        render.dumps, render.aot_entry, render.aot_entries, cls.question_text = saved


def started(guide) -> Session:
    return Session(guide, "P01", "Interviewer", {"site": "Leeds"}, clock=Clock(), now=START)


def resumed(guide, events: int, folder: Path) -> Session:
    """A session saved after about `events` events of an interview, loaded again."""
    clock = Clock()
    s = Session(guide, "P01", "Interviewer", {"site": "Leeds"}, clock=clock, now=START)
    s.mark_recording()
    i = 0
    while len(s.events) < events:
        clock.t += 20
        step = i % 6
        if step == 0:
            s.mark("asked")
        elif step == 1:
            s.toggle_probe(1)
        elif step == 2:
            s.set_note(f'Participant {i}: "in their words".\nFollow up later.')
        elif step == 3 and i % 18 == 3:
            s.add_bookmark(f"quote {i}")
        elif step == 4:
            if not s.next():
                s.goto(guide.questions[0].id)
        else:
            s.set_note(s.question_state(s.current).note + " more")
        i += 1
    path = folder / f"resume-{len(guide.questions)}.toml"
    SessionWriter(s, path).save()
    again, _ = load_session(path, guide, clock=clock, wallclock=lambda: START)
    path.unlink()
    return again


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure(session: Session, folder: Path, rounds: int) -> dict[str, list[float]]:
    with tomli_w_only():
        old_text = render.session_to_toml(session)
    new_text = render.session_to_toml(session)
    assert new_text == old_text, "the emitter's file differs from tomli-w's"
    times: dict[str, list[float]] = {k: [] for k in ("render old", "render new")}
    times |= {"save old": [], "save new": [], "size": [len(new_text.encode())]}
    n = [0]

    def save():
        n[0] += 1
        path = folder / f"first-save-{n[0]}.toml"
        SessionWriter(session, path).save()
        path.unlink()

    for r in range(rounds):
        for path in ("old", "new") if r % 2 == 0 else ("new", "old"):
            ctx = tomli_w_only() if path == "old" else contextlib.nullcontext()
            with ctx:
                times[f"render {path}"].append(timed(lambda: render.session_to_toml(session)))
                times[f"save {path}"].append(timed(save))
    return times


def startup(runs: int, old_render: str, large: int) -> list[str]:
    """Start-up of `prompter run` from two copies of the committed tree (see above)."""
    import compileall
    import io
    import subprocess
    import tarfile

    from bench_tui import BARE_APP, BIN, time_to_text

    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, check=True
        ).stdout

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tree = git("archive", "HEAD", "prompter", "guides")
        for which in ("old", "new"):
            with tarfile.open(fileobj=io.BytesIO(tree)) as tar:
                tar.extractall(tmp / which, filter="data")
        old = tmp / "old" / "prompter" / "session"
        (old / "render.py").write_bytes(git("show", f"{old_render}:prompter/session/render.py"))
        (old / "toml_out.py").unlink(missing_ok=True)
        for which in ("old", "new"):
            compileall.compile_dir(tmp / which / "prompter", quiet=1)
        (tmp / "bare.py").write_text(BARE_APP)
        runner = tmp / "run_prompter.py"
        runner.write_text(
            "import sys\nsys.path.insert(0, sys.argv.pop(1))\n"
            "from prompter.cli import main\nsys.exit(main())\n"
        )
        py = str(BIN / "python")
        big = str(large_guide(large, tmp))
        guides = (
            ("bundled guide", "resilience-hub-wider-stakeholders", "Introduction"),
            (f"generated guide ({large:,} questions)", big, "Question 0"),
        )
        for label, guide, marker in guides:

            def argv(which: str, guide=guide, marker=marker) -> tuple[list[str], str]:
                if which == "bare":
                    return [py, str(tmp / "bare.py")], "bare-app-ready"
                folder = tmp / f"sessions-{which}"
                folder.mkdir(exist_ok=True)
                run = ["run", guide, "--participant", "BENCH", "--sessions-dir", str(folder)]
                return [py, str(runner), str(tmp / which), *run], marker

            times: dict[str, list[float]] = {"bare": [], "old": [], "new": []}
            order = list(times)
            for which in order:  # once each first: the file cache
                time_to_text(*argv(which))
            for r in range(runs):
                for which in order[r % 3 :] + order[: r % 3]:
                    times[which].append(time_to_text(*argv(which)) * 1000)
            bare, o, n = (statistics.median(times[k]) for k in order)
            out.append(
                f"| {label} | {bare:.0f} ms | {o:.0f} ms ({o / bare:.2f}x) "
                f"| {n:.0f} ms ({n / bare:.2f}x) |"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--large", type=int, default=5000, help="questions of the large guide")
    parser.add_argument("--events", type=int, default=500, help="events before the resume")
    parser.add_argument("--quick", action="store_true", help="3 rounds, 500 questions")
    parser.add_argument("--startup", type=int, default=0, metavar="RUNS")
    parser.add_argument("--old-render", default="124172d", metavar="COMMIT")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.large = 3, 500

    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bundled = load_guide(BUNDLED)
        large = load_guide(large_guide(args.large, folder))
        for name, guide in (("bundled guide", bundled), ("generated guide", large)):
            n = len(guide.questions)
            for when, session in (
                ("start", started(guide)),
                (f"resumed after {args.events} events", resumed(guide, args.events, folder)),
            ):
                t = measure(session, folder, args.rounds)
                rows.append((f"{name} ({n:,} questions), {when}", t))
    load_after = os.getloadavg()

    def med(xs):
        return statistics.median(xs)

    print(
        f"{datetime.now():%Y-%m-%d}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
        f"medians of {args.rounds} rounds, old and new alternately; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (1 min)\n"
    )
    print(
        "| session | file | render: tomli-w | render: emitter | x faster "
        "| first save: tomli-w | first save: emitter | x faster |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, t in rows:
        ro, rn, so, sn = (med(t[k]) for k in ("render old", "render new", "save old", "save new"))
        size = t["size"][0] / 1024
        size_text = f"{size:,.0f} KiB" if size < 1024 else f"{size / 1024:.2f} MiB"
        print(
            f"| {label} | {size_text} | {ro:.2f} ms | {rn:.2f} ms | {ro / rn:.1f} "
            f"| {so:.2f} ms | {sn:.2f} ms | {so / sn:.1f} |"
        )

    if args.startup:
        lines = startup(args.startup, args.old_render, args.large)
        print(
            f"\nStart-up to the first text, medians of {args.startup} runs, interleaved; load "
            f"average {os.getloadavg()[0]:.1f} after (1 min)\n"
        )
        print("| guide | bare Textual app | tomli-w render | emitter |")
        print("|---|---:|---:|---:|")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
