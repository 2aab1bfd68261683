"""The Textual application, and the two entry points the CLI calls: run and resume."""

from __future__ import annotations

import asyncio
import gc
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from prompter.errors import SessionFileError, UsageError
from prompter.guide import Guide
from prompter.session import Session
from prompter.session.ending import settle, tell
from prompter.session.lock import SessionLock, SessionLocked
from prompter.session.paths import new_session_path
from prompter.session.writer import SessionWriter
from prompter.tui.key_order import OrderedKeys
from prompter.tui.textual_private import driver_class

HIGH_CONTRAST = Theme(
    name="prompter-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFA500",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    variables={"text-muted": "#D0D0D0", "footer-key-foreground": "#FFFF00"},
)


def leave_on(app: App, signals) -> None:
    """The app's `action_leave` (save, then go) when one of `signals` comes."""
    loop = asyncio.get_running_loop()
    for sig in signals:
        try:
            loop.add_signal_handler(sig, app.action_leave)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or not a Unix platform


def use_theme(app: App, theme: str | None) -> None:
    """Offer prompter's high-contrast theme, and use `theme` (a theme's name) if given;
    an unknown name is a UsageError naming the choices."""
    app.register_theme(HIGH_CONTRAST)
    if theme:
        if theme not in app.available_themes:
            raise UsageError(
                f"unknown theme '{theme}'; choose one of: "
                + ", ".join(sorted(app.available_themes))
            )
        app.theme = theme


def _question_commands():
    from prompter.tui.commands import QuestionCommands

    return QuestionCommands


def _section_commands():
    from prompter.tui.commands import SectionCommands

    return SectionCommands


class PrompterApp(OrderedKeys, App[int]):
    CSS_PATH = Path(__file__).parent / "prompter.tcss"
    TITLE = "prompter"
    COMMANDS = App.COMMANDS | {_question_commands, _section_commands}
    # ctrl+c is not Textual's "press ctrl+q to quit" hint here: in a terminal it means
    # stop, so it does exactly what ctrl+q does. Nothing is lost either way.
    BINDINGS = [
        Binding("ctrl+q", "leave", "Leave", id="leave", priority=True, show=False),
        Binding("ctrl+c", "leave", "Leave (saved)", id="leave.ctrl_c", priority=True, show=False),
    ]

    def __init__(
        self,
        guide: Guide,
        *,
        participant: str | None = None,
        interviewer: str = "",
        extra: dict[str, str] | None = None,
        sessions_dir: Path = Path("sessions"),
        clock: Callable[[], float] = time.monotonic,
        now: datetime | None = None,
        session: Session | None = None,
        session_path: Path | None = None,
        notice: str = "",
        theme: str | None = None,
        keymap: dict[str, str] | None = None,
        writer: SessionWriter | None = None,
    ):
        super().__init__(driver_class=driver_class())
        self.guide = guide
        self.participant = participant
        self.interviewer = interviewer
        self.extra = extra or {}
        self.sessions_dir = sessions_dir
        self.clock = clock
        self.now = now
        self.session = session
        self.interview = None  # the interview screen, once shown
        if writer is None and session is not None:
            writer = SessionWriter(session, session_path, resume=True)
        self.writer = writer
        self.notice = notice
        self.leaving = False  # set once the app is on its way out (a key or a signal)
        use_theme(self, theme)
        self.keymap = dict(keymap or {})  # binding id -> keys, from the user's config file
        if self.keymap:
            from prompter.tui.keymap import check_keymap

            check_keymap(self.keymap)  # an unknown id or a clash: one line, exit 2
            self.set_keymap(self.keymap)

    @property
    def session_path(self) -> Path | None:
        return self.writer.path if self.writer else None

    def get_default_screen(self):
        # The interview is the first screen when there is nothing to ask first: its
        # question is in the very first frame, with no blank screen composed before it.
        if self.session is not None:
            # An interview in progress goes on at once: its `resume` event and its clock
            # are saved now (a finished or read-only one is not written: see the writer).
            self.writer.try_save()
            at_start = False
        elif self.participant is not None:
            self.begin(self.participant, self.interviewer, self.extra)
            at_start = True
        else:
            return super().get_default_screen()  # the start screen goes on top of it
        return self._new_interview(at_start)

    def _new_interview(self, at_start: bool):
        """The interview screen for the session begun or resumed (`at_start`: it begins
        with the introduction)."""
        from prompter.tui.interview import InterviewScreen

        self.interview = InterviewScreen(self.session, self.writer, at_start=at_start)
        return self.interview

    def on_mount(self) -> None:
        # Terminal closed (SIGHUP) or asked to stop (SIGTERM): save, then go.
        leave_on(self, (signal.SIGHUP, signal.SIGTERM))
        if self.interview is None:
            self.ask_who()
        elif self.notice:
            self.notify(self.notice, timeout=6)

    def ask_who(self) -> None:
        """The start screen: who is interviewed, then the interview."""
        from prompter.tui.screens import StartScreen

        self.push_screen(
            StartScreen(self.guide, self.interviewer, self.extra),
            lambda d: self.start(d.participant, d.interviewer, d.extra),
        )

    def begin(self, participant: str, interviewer: str, extra: dict[str, str]) -> None:
        """Create the session and its file (locked, first save done): before the first
        frame, so that nothing on screen is ever not on disk."""
        now = self.now or datetime.now().astimezone().replace(microsecond=0)
        lock = None
        while lock is None:
            # Names with a lock file are skipped; another `run` may take a name at once.
            path = new_session_path(self.sessions_dir, participant, now)
            try:
                lock = SessionLock.acquire(path)
            except SessionLocked:
                continue
            except SessionFileError:
                break  # cannot lock here: the first save fails too, and says why on screen
        self.session = Session(
            self.guide,
            participant,
            interviewer,
            extra,
            clock=self.clock,
            now=now,
            session_id=path.stem,
        )
        self.writer = SessionWriter(self.session, path, lock=lock)
        self.writer.try_save()  # a failure shows as NOT SAVED on the first frame

    def start(self, participant: str, interviewer: str, extra: dict[str, str]) -> None:
        """The start screen's answer: begin, then show the interview."""
        self.begin(participant, interviewer, extra)
        self.push_screen(self._new_interview(at_start=True))

    def goto(self, qid: str) -> None:
        """Make question `qid` current (the palette's and find's jumps land here)."""
        if self.interview is not None:
            self.interview.goto(qid)

    def exit(self, *args, **kwargs) -> None:
        self.leaving = True  # from now on nothing is drawn or mounted
        super().exit(*args, **kwargs)

    def action_leave(self) -> None:
        if self.interview is not None:
            self.interview.flush_editors()  # an open note or label, exactly as shown
        if self.writer is not None:
            self.writer.try_save()  # a failure is reported on the way out
        self.exit(0)

    def action_quit_unstarted(self) -> None:
        self.exit(0)


def _report(app: PrompterApp) -> int:
    """Say what became of the interview; returns the exit status (EXIT_NOT_SAVED if the
    session file could not be saved and an emergency copy was written instead).

    The final save and the emergency copy come first; saying so comes last and may fail
    (a closed terminal) without changing the status (prompter.session.ending)."""
    try:
        ending = settle(app.writer)
    finally:
        if app.writer is not None:
            app.writer.close()
    tell(ending)
    return ending.status


def _run(app: PrompterApp) -> int:
    """Run the app, then say what became of the interview; returns the exit status."""
    # Everything imported and loaded so far (Textual, the guide) lives to the end: moved
    # out of the collector's sight, it is not gone over again at every collection while the
    # session and the screen are built and run (docs/benchmarks.md). The CLI paused the
    # collector for start-up; the interview runs with it.
    gc.freeze()
    gc.enable()
    code = app.run()
    return _report(app) or code or 0


def run_interview(
    guide: Guide,
    *,
    participant: str | None,
    interviewer: str,
    extra: dict[str, str],
    sessions_dir: Path,
    theme: str | None = None,
    keymap: dict[str, str] | None = None,
) -> int:
    app = PrompterApp(
        guide,
        participant=participant,
        interviewer=interviewer,
        extra=extra,
        sessions_dir=sessions_dir,
        theme=theme,
        keymap=keymap,
    )
    return _run(app)


def resume_interview(
    session: Session,
    session_path: Path,
    *,
    notice: str = "",
    theme: str | None = None,
    lock: SessionLock | None = None,
    read_only: bool = False,
    reopen: str | None = None,
    keymap: dict[str, str] | None = None,
) -> int:
    """Go on with a session read from `session_path` (the CLI has read and checked it and
    holds its `lock`). `read_only` and `reopen`: see `SessionWriter`."""
    writer = SessionWriter(
        session, session_path, resume=True, lock=lock, read_only=read_only, reopen=reopen
    )
    app = PrompterApp(
        session.guide,
        session=session,
        session_path=Path(session_path),
        notice=notice,
        theme=theme,
        writer=writer,
        keymap=keymap,
    )
    return _run(app)
