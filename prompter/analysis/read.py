"""Finding and reading session files for the analysis commands (pure; no textual).

Session files are parsed with the compiled `tomli` where it is installed (the
`fast` extra; the same API as the standard library's `tomllib`, about 2.5 times
faster) and with `tomllib` otherwise, then checked with the session core's own
validation (`prompter.session.read.validate_session_data`, after a faster check
that accepts only what it accepts), so that a file is accepted here exactly when
`prompter resume` would accept it.

Files that cannot be used are not fatal: each is reported as one line naming
it, collected in `Loaded.skipped`, and the rest is still read. Many files are
read by a small pool of processes where cores are idle. Figures and the reasons
for each of these choices: docs/benchmarks.md, "Tally over 2,000 sessions".
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

try:  # the compiled parser of the `fast` extra
    import tomli as _toml

    PARSER = "tomli"
except ImportError:  # absent (or blocked): the standard library's, same API
    import tomllib as _toml

    PARSER = "tomllib"

from prompter.errors import SessionFileError
from prompter.session.read import (
    check_session_data,
    fast_valid,
    is_seconds,
    is_strings,
    load_session_toml,
)
from prompter.session.timeline import RecordingClock, timing_events

SUFFIX = ".toml"
# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 200
CHUNK = 64


@dataclass(slots=True)
class SessionRecord:
    """One valid session file: its path and its parsed data (without `[[events]]`)."""

    path: str
    data: dict
    _clock: RecordingClock | None = field(default=None, repr=False, compare=False)

    @property
    def session(self) -> dict:
        return self.data["session"]

    @property
    def guide(self) -> dict:
        return self.data["guide"]

    @property
    def questions(self) -> list[dict]:
        return self.data["questions"]

    @property
    def id(self) -> str:
        return self.data["session"]["id"]

    @property
    def participant(self) -> str:
        return self.data["session"]["participant"]

    @property
    def started_at(self) -> datetime:
        return self.data["session"]["started_at"]

    def recording_time(self, at_seconds: float | None) -> float | None:
        """Session seconds as seconds into the recording, where the recording was marked
        (None otherwise, and for an absurd time from a damaged file)."""
        offset = self.data["session"].get("recording_offset_seconds")
        if at_seconds is None or offset is None:
            return None
        if self._clock is None:  # the rule, with the pauses: prompter.session.timeline
            events = self.data.get("timing_events")  # set by read_session from the log
            if events is None:
                events = self.data.get("events", [])
            self._clock = RecordingClock(events, offset)
        seconds = self._clock.at(at_seconds)
        return seconds if abs(seconds) < 1e12 else None


@dataclass
class Filters:
    """Which sessions to keep; every given criterion must hold."""

    guides: list[str] = field(default_factory=list)  # titles or sha256 (prefixes of >= 6)
    interviewers: list[str] = field(default_factory=list)
    since: date | None = None
    finished_only: bool = False

    def keep(self, rec: SessionRecord) -> bool:
        s = rec.data["session"]
        if self.finished_only and s.get("state") != "finished":
            return False
        if self.since is not None and s["started_at"].date() < self.since:
            return False
        if self.interviewers:
            who = s.get("interviewer", "").strip().casefold()
            if who not in {i.strip().casefold() for i in self.interviewers}:
                return False
        if self.guides:
            g = rec.data["guide"]
            if not any(guide_matches(g, want) for want in self.guides):
                return False
        return True


_HEX = re.compile(r"[0-9a-fA-F]{6,64}\Z")


def guide_matches(guide: dict, want: str) -> bool:
    """`want` is the guide's title (any case) or its sha256 or a prefix of it (>= 6 digits)."""
    if guide.get("title", "").strip().casefold() == want.strip().casefold():
        return True
    return bool(_HEX.match(want)) and guide.get("sha256", "").lower().startswith(want.lower())


@dataclass
class Loaded:
    sessions: list[SessionRecord]  # valid and kept, ordered by start time, then id, then path
    skipped: list[str]  # one line per file that could not be used
    found: int  # files found
    filtered_out: int  # valid files that the filters left out


def with_parents(codes) -> list[str]:
    """Code paths with every parent path added, each once, parents first:
    ['Coherence/Differentiation'] -> ['Coherence', 'Coherence/Differentiation']."""
    out: dict[str, None] = {}
    for code in codes:
        parts = code.split("/")
        for i in range(1, len(parts) + 1):
            out.setdefault("/".join(parts[:i]), None)
    return list(out)


def find_files(paths: list[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Session files named by `paths`: files as given, folders searched recursively for
    `*.toml`. Returns the files (each once, in order) and one line per missing path."""
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            try:
                # Everything but sub-folders named *.toml: broken links, FIFOs and
                # the like are reported by the reader.
                found = sorted(q for q in path.rglob(f"*{SUFFIX}") if not q.is_dir())
            except OSError as e:
                problems.append(f"{path}: cannot search the folder: {e.strerror or e}")
                continue
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, problems


def _tidy(data: dict) -> dict:
    """The parts the session core does not validate, made safe to use: [[codes]]
    entries with a string `path`, [[sections]] with an array of strings `path`
    (and `seconds_spent` a number, where given); anything else is left out."""
    codes = data.get("codes")
    data["codes"] = [c for c in codes if type(c) is dict and type(c.get("path")) is str
                     and c["path"]] if type(codes) is list else []
    sections = data.get("sections")
    tidy = []
    if type(sections) is list:
        for sec in sections:
            if type(sec) is dict and is_strings(sec.get("path")):
                if "seconds_spent" in sec and not is_seconds(sec["seconds_spent"]):
                    sec = {k: v for k, v in sec.items() if k != "seconds_spent"}
                tidy.append(sec)
    data["sections"] = tidy
    return data


def read_session(path: str | os.PathLike, *, keep_events: bool = False) -> dict:
    """Read and validate one session file, as `prompter.session.read.read_session_file`
    does but with the fastest parser available; SessionFileError("PATH: problem")."""
    data = load_session_toml(path, _toml)
    if not (type(data) is dict and fast_valid(data)):
        check_session_data(path, data)  # decides, and words the message
    # Pauses and recording marks, for recording times (replacing any such key in the file).
    data["timing_events"] = timing_events(data.get("events") or [])
    if not keep_events:
        data.pop("events", None)  # the rest is not used by the analysis; smaller to pass around
    return _tidy(data)


def _read_chunk(paths: list[str], keep_events: bool = False
                ) -> list[tuple[str, dict | None, str | None]]:
    out = []
    for p in paths:
        try:
            out.append((p, read_session(p, keep_events=keep_events), None))
        except SessionFileError as e:
            out.append((p, None, str(e)))
        except Exception as e:  # never a traceback for one bad file
            out.append((p, None, f"{p}: cannot read: {type(e).__name__}"))
    return out


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Processes to read with: one per core that is idle, counting this one, up to 8.

    A pool costs about a third more work in all (results are pickled back), so
    it pays only with idle cores: measured on a busy machine, two processes were
    slower than one (docs/benchmarks.md). The 1-minute load average tells.
    """
    n = cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return max(1, min(n, 8, int(n - load + 1)))


def _read_all(files: list[str], jobs: int | None, keep_events: bool = False
              ) -> list[tuple[str, dict | None, str | None]]:
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(files) < POOL_MIN_FILES or keep_events:
        # With the event logs, pickling the results back would cost more than it saves.
        return _read_chunk(files, keep_events)
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
            return [r for part in pool.map(_read_chunk, chunks) for r in part]
    except (OSError, ImportError, RuntimeError):  # no processes here (sandbox, no sem_open)
        return _read_chunk(files)


def load_sessions(
    paths: list[str | os.PathLike], filters: Filters | None = None, *, jobs: int | None = None,
    keep_events: bool = False,
) -> Loaded:
    """Every usable session file under `paths` that passes `filters` (with their
    `[[events]]` where `keep_events`: for timelines and transcripts)."""
    files, skipped = find_files(paths)
    # The parsed files make many objects that live to the end and form no cycles:
    # the cyclic garbage collector would go over them again and again for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        results = _read_all([str(f) for f in files], jobs, keep_events)
    finally:
        if was_enabled:
            gc.enable()
    filters = filters or Filters()
    kept: list[SessionRecord] = []
    filtered_out = 0
    for path, data, error in results:
        if error is not None:
            skipped.append(error)
            continue
        rec = SessionRecord(path, data)
        if filters.keep(rec):
            kept.append(rec)
        else:
            filtered_out += 1
    kept.sort(key=lambda r: (r.started_at, r.id, r.path))
    return Loaded(kept, skipped, len(files), filtered_out)


def empty_message(loaded: Loaded, paths) -> str:
    """Why there is nothing to analyse, in one line."""
    where = ", ".join(str(p) for p in paths)
    if loaded.filtered_out:
        n = loaded.filtered_out
        return (f"no sessions match the filters ({n} session file{'s' * (n != 1)} read, "
                "none kept)")
    if loaded.found:
        return f"no usable session files in {where}"
    return f"no session files (*.toml) found in {where}"


# ------------------------------------------------------------ transcripts


@dataclass
class SessionTranscript:
    """A session's transcript lined up with its timeline: the cues of each question."""

    path: str
    transcript: object  # prompter.transcript.Transcript
    shift: float
    timeline: object  # prompter.session.timeline.Timeline
    assignment: object  # prompter.transcript.Assignment
    how: str  # "attached" or "found"

    @property
    def by_question(self) -> dict:
        return self.assignment.by_question

    def question_of(self) -> dict[int, str]:
        """id(cue) -> the question it was given to."""
        return {id(c): q for q, cues in self.by_question.items() for c in cues}


def session_timeline(rec: SessionRecord):
    """The timeline of a session; its events are read again from its file unless it
    was read with them (`load_sessions(keep_events=True)`)."""
    from prompter.session.timeline import question_spans

    s = rec.data["session"]
    events = rec.data.get("events")
    if events is None:
        events = read_session(rec.path, keep_events=True).get("events") or []
    return question_spans(events, s.get("recording_offset_seconds"),
                          end=s.get("elapsed_seconds"))


def session_transcript(rec: SessionRecord, transcripts_dir=None) -> SessionTranscript | None:
    """The session's transcript: the one attached to it (`prompter transcript attach`),
    else one found in `transcripts_dir` by the session's id or participant; None if
    neither. TranscriptError (one line naming the file) if it cannot be used."""
    from prompter.transcript import (
        assign_cues,
        attached_transcript,
        find_transcript,
        read_transcript,
    )

    found = attached_transcript(rec.path, rec.data)
    how = "attached"
    if found is None and transcripts_dir is not None:
        path = find_transcript(rec, transcripts_dir)
        if path is not None:
            found, how = (read_transcript(path), 0.0), "found"
    if found is None:
        return None
    transcript, shift = found
    timeline = session_timeline(rec)
    return SessionTranscript(transcript.path, transcript, shift, timeline,
                             assign_cues(transcript, timeline, shift), how)
