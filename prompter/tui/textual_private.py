"""Every use of Textual's private API, in one place, each with why no public API does it.

tests/tui/test_textual_private.py fails loudly if a Textual upgrade moves any of
these, so that the failure names the cause instead of showing up as a hang-up
that leaves a process behind or keys that stop working.

- `LinuxDriver._file`: the stream the driver writes the screen to. Wrapped so that
  a write to a terminal that has hung up (EIO) does not kill Textual's writer thread.
- `LinuxDriver._sigcont_application` and `_must_signal_resume`: the driver restarts
  the screen on every SIGCONT; a hang-up sends one too, and restarting on a dead
  terminal spins for ever. We restart only after our own suspend.
- `textual.keys._normalize_key_list`: a key list in Textual's spelling (`?` is
  `question_mark`), so that the keymap check compares keys as Textual's keymap does.
- `Option._set_prompt` and `OptionList._option_render_cache`: the outline changes one
  line's mark per key. `replace_option_prompt` clears the list's line cache too, and
  measuring every line again made a key with a 5,000-question guide reach the screen
  about three times later than with the bundled guide. The
  outline's lines never wrap (`text-wrap: nowrap`), so heights never change.
- `Driver._app`: the app a driver serves. The browser's interview (`prompter serve`) runs
  on Textual's web driver, which talks to the server through standard input and output;
  when the server goes (killed, SIGKILL included) or the tab closes, the driver must make
  the app leave as a key would (save, and say what became of it), and nothing on the
  driver reaches the app but this attribute.
"""

from __future__ import annotations

import sys

PRIVATE_DRIVER_NAMES = ("_file", "_sigcont_application", "_must_signal_resume")
PRIVATE_WEB_DRIVER_NAMES = ("_app",)


def normalize_keys(keys: str) -> str:
    """A comma-separated key list in Textual's spelling (`?` is `question_mark`)."""
    from textual.keys import _normalize_key_list

    return _normalize_key_list(keys)


def replace_one_line_prompt(option_list, index: int, prompt) -> None:
    """Give the option at `index` of `option_list` (whose options are all one line high,
    and stay so) a new prompt, redrawing it without measuring every option again."""
    option_list.get_option_at_index(index)._set_prompt(prompt)
    option_list._option_render_cache.clear()  # only the visible lines are drawn again
    option_list.refresh()


class _TerminalOutput:
    """The terminal as Textual writes to it, dropping writes once the terminal is gone.

    When the terminal hangs up, writes fail with EIO; Textual's writer thread would
    die on the first one and the app block on its full queue, so that neither the
    SIGHUP handler nor anything else could run (found by tests/e2e/test_e2e_pty.py).
    """

    def __init__(self, stream):
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self.gone = True

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.gone = True

    def __getattr__(self, name):
        return getattr(self._stream, name)


def driver_class():
    """Textual's Linux driver with the two changes above (None: Textual's default)."""
    if sys.platform == "win32":
        return None
    from textual.drivers.linux_driver import LinuxDriver

    class PrompterDriver(LinuxDriver):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._file = _TerminalOutput(self._file)

        def _sigcont_application(self, *args) -> None:
            # A hang-up sends SIGCONT too; restart the screen only after our own ctrl+z,
            # never on a dead terminal.
            if self._must_signal_resume:
                super()._sigcont_application(*args)

    return PrompterDriver


def web_driver_class():
    """Textual's web driver (textual-serve runs the app on it), tied to the server: the app
    leaves (`action_leave`: the note kept, the session saved) when the server is gone,
    whether its end of standard input closes (it died, even by SIGKILL) or writing to it
    fails; and when the tab closes (the server's `quit`), instead of simply exiting."""
    from textual.drivers.web_driver import WebDriver

    class PrompterWebDriver(WebDriver):
        server_gone = False

        def _leave_from_input_thread(self) -> None:
            app = self._app
            try:
                app.call_from_thread(app.action_leave)
            except RuntimeError:  # the app has stopped already
                pass

        def run_input_thread(self) -> None:
            super().run_input_thread()
            if not self.exit_event.is_set():  # end of input, not of the app: the server went
                self.server_gone = True
                self._leave_from_input_thread()

        def on_meta(self, packet_type: str, payload: dict) -> None:
            if packet_type == "quit":  # the tab closed: leave as ctrl+q would
                self._leave_from_input_thread()
                return
            super().on_meta(packet_type, payload)

        def _gone(self) -> None:
            if not self.server_gone:
                self.server_gone = True
                self._app.call_later(self._app.action_leave)

        def write(self, data: str) -> None:
            if not self.server_gone:
                try:
                    super().write(data)
                except OSError:  # EPIPE: the server is gone; its screen with it
                    self._gone()

        def write_meta(self, data: dict) -> None:
            if not self.server_gone:
                try:
                    super().write_meta(data)
                except OSError:
                    self._gone()

        def write_binary_encoded(self, data: tuple) -> None:
            if not self.server_gone:
                try:
                    super().write_binary_encoded(data)
                except OSError:
                    self._gone()

    return PrompterWebDriver
