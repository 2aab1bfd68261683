"""The Textual application, and the two entry points the CLI calls: run and resume."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from prompter.errors import UsageError
from prompter.guide import Guide
from prompter.session import Session
from prompter.session.paths import new_session_path
from prompter.session.writer import SessionWriter
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


def _question_commands():
    from prompter.tui.commands import QuestionCommands

    return QuestionCommands


def _section_commands():
    from prompter.tui.commands import SectionCommands

    return SectionCommands


class PrompterApp(App[int]):
    CSS_PATH = Path(__file__).parent / "prompter.tcss"
    TITLE = "prompter"
    COMMANDS = App.COMMANDS | {_question_commands, _section_commands}
    # ctrl+c is not Textual's "press ctrl+q to quit" hint here: in a terminal it means
    # stop, so it does exactly what ctrl+q does. Nothing is lost either way.
    BINDINGS = [
        Binding("ctrl+q", "leave", "Leave", id="leave", priority=True, show=False),
        Binding("ctrl+c", "leave", "Leave (saved)", id="leave.ctrl_c", priority=True,
                show=False),
    ]

    def __init__(self, guide: Guide, *, participant: str | None = None, interviewer: str = "",
                 extra: dict[str, str] | None = None, sessions_dir: Path = Path("sessions"),
                 clock: Callable[[], float] = time.monotonic, now: datetime | None = None,
                 session: Session | None = None, session_path: Path | None = None,
                 notice: str = "", theme: str | None = None):
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
        self.writer = SessionWriter(session, session_path, resume=True) if session else None
        self.notice = notice
        self.leaving = False  # set once the app is on its way out (a key or a signal)
        self.register_theme(HIGH_CONTRAST)
        if theme:
            if theme not in self.available_themes:
                raise UsageError(f"unknown theme '{theme}'; choose one of: "
                                 + ", ".join(sorted(self.available_themes)))
            self.theme = theme

    @property
    def session_path(self) -> Path | None:
        return self.writer.path if self.writer else None

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            # Terminal closed (SIGHUP) or asked to stop (SIGTERM): save, then go.
            try:
                loop.add_signal_handler(sig, self.action_leave)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread (tests) or not a Unix platform
        if self.session is not None:
            self.show_interview(at_start=False)
        elif self.participant is not None:
            self.start(self.participant, self.interviewer, self.extra)
        else:
            from prompter.tui.screens import StartScreen

            self.push_screen(StartScreen(self.guide, self.interviewer, self.extra),
                             lambda d: self.start(d.participant, d.interviewer, d.extra))

    def start(self, participant: str, interviewer: str, extra: dict[str, str]) -> None:
        now = self.now or datetime.now().astimezone().replace(microsecond=0)
        path = new_session_path(self.sessions_dir, participant, now)
        self.session = Session(self.guide, participant, interviewer, extra, clock=self.clock,
                               now=now, session_id=path.stem)
        self.writer = SessionWriter(self.session, path)
        self.writer.try_save()  # a failure shows as NOT SAVED on the first frame
        self.show_interview(at_start=True)

    def show_interview(self, at_start: bool) -> None:
        from prompter.tui.interview import InterviewScreen

        self.interview = InterviewScreen(self.session, self.writer, at_start=at_start)
        self.push_screen(self.interview)
        if self.notice:
            self.notify(self.notice, timeout=6)


    def goto(self, qid: str) -> None:
        """Make question `qid` current (the palette's and find's jumps land here)."""
        if self.interview is not None:
            self.interview.goto(qid)

    def exit(self, *args, **kwargs) -> None:
        self.leaving = True  # from now on nothing is drawn or mounted
        super().exit(*args, **kwargs)

    def action_leave(self) -> None:
        if self.writer is not None:
            self.writer.try_save()  # a failure is reported on the way out
        self.exit(0)

    def action_quit_unstarted(self) -> None:
        self.exit(0)


def _report(app: PrompterApp) -> None:
    try:
        _print_report(app)
    except OSError:
        pass  # the terminal is gone (hang-up); the file says it all


def _print_report(app: PrompterApp) -> None:
    path = app.session_path
    if path is None or app.session is None:
        print("No interview was started; nothing was saved.")
        return
    if app.session.state == "finished":
        print(f"Interview finished. Session file: {path}")
    else:
        print(f"Interview saved, in progress. Session file: {path}\n"
              f"Continue it with: prompter resume {path}")
    if not app.writer.ok:
        print(f"WARNING: the last save failed ({app.writer.error}).", file=sys.stderr)


def run_interview(guide: Guide, *, participant: str | None, interviewer: str,
                  extra: dict[str, str], sessions_dir: Path, theme: str | None = None) -> int:
    app = PrompterApp(guide, participant=participant, interviewer=interviewer, extra=extra,
                      sessions_dir=sessions_dir, theme=theme)
    code = app.run()
    _report(app)
    return code or 0


def resume_interview(session: Session, session_path: Path, *, notice: str = "",
                     theme: str | None = None) -> int:
    """Go on with a session read from `session_path` (the CLI has read and checked it)."""
    app = PrompterApp(session.guide, session=session, session_path=Path(session_path),
                      notice=notice, theme=theme)
    code = app.run()
    _report(app)
    return code or 0
