"""The interview in a browser (`prompter serve`): `prompter run`'s app on Textual's web
driver, tied to its server (prompter.tui.textual_private.web_driver_class), and the offer
a new page makes when this participant's interview is in progress: a reloaded or closed
tab never leaves it behind for a blank one (issue 22, finding 4)."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from prompter.session import Session
from prompter.session.lock import SessionLock
from prompter.session.writer import SessionWriter
from prompter.tui.app import PrompterApp, leave_on
from prompter.tui.textual_private import web_driver_class


@dataclass
class Offer:
    """An interview in progress that a new page may carry on: its file, the session read
    from it, its lock (held while the page asks), what changed in the guide since."""

    path: Path
    session: Session
    lock: SessionLock
    summary: str


class OfferScreen(Screen):
    """'This participant's interview is in progress': carry on with it (enter) or start a
    new one (n). The first screen of the page; the answer goes to `ServedApp.taken`."""

    DEFAULT_CSS = """
    #offer { padding: 1 2; }
    #offer-title { text-style: bold; padding-bottom: 1; }
    """
    BINDINGS = [
        Binding("enter,r", "choose(True)", "Carry on with it", id="offer.resume"),
        Binding("n", "choose(False)", "Start a new interview", id="offer.new"),
    ]

    def __init__(self, offer: Offer):
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        s = self.offer.session
        marked = len(s.guide.questions) - s.tallies()["pending"]
        with Vertical(id="offer"):
            yield Static(f"The interview with {s.participant} is in progress", id="offer-title")
            yield Static(
                f"Started {s.started_at:%Y-%m-%d %H:%M}; {marked} of "
                f"{len(s.guide.questions)} questions marked. Its page was closed or "
                f"reloaded; its file: {self.offer.path}\n\n"
                "  enter   carry on with it\n"
                "  n       start a new interview"
            )

    def action_choose(self, resume: bool) -> None:
        self.app.taken(resume)


class ServedApp(PrompterApp):
    """`PrompterApp` in a browser: on the web driver, leaving on every signal (SIGINT
    too: the web driver's own would exit without keeping an open note), and first showing
    `offer` where there is one."""

    def __init__(self, guide, *, offer: Offer | None = None, **kw):
        super().__init__(guide, **kw)
        self.driver_class = web_driver_class()
        self.offer = offer

    def get_default_screen(self):
        if self.offer is None:
            return super().get_default_screen()
        return OfferScreen(self.offer)

    def on_mount(self, event) -> None:
        leave_on(self, (signal.SIGINT,))
        if self.offer is not None:
            # PrompterApp's mount would ask who is interviewed: the offer is asked first.
            event.prevent_default()
            leave_on(self, (signal.SIGHUP, signal.SIGTERM))

    def taken(self, resume: bool) -> None:
        """The page's answer to the offer: carry on with it, or begin as `run` does."""
        offer, self.offer = self.offer, None
        if offer is None or self.leaving:
            return
        if resume:
            self.session = offer.session
            self.session.log_resume(offer.summary)
            self.writer = SessionWriter(self.session, offer.path, resume=True, lock=offer.lock)
            self.writer.try_save()  # a failure shows as NOT SAVED on the first frame
            self.push_screen(self._new_interview(at_start=False))
            self.notify(f"Carrying on with {self.session.id}: {offer.summary}.", timeout=6)
            return
        offer.lock.release()
        if self.participant is not None:
            self.start(self.participant, self.interviewer, self.extra)
        else:
            self.ask_who()

    def release_offer(self) -> None:
        """An offer never answered (the page went first): its lock goes."""
        if self.offer is not None:
            self.offer.lock.release()
            self.offer = None
