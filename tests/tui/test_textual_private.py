"""Fails loudly, naming the attribute, when a Textual upgrade moves a private API that
prompter relies on (each is explained in prompter/tui/textual_private.py)."""

import inspect
import sys

import pytest

from prompter.tui.textual_private import (
    PRIVATE_DRIVER_NAMES,
    PRIVATE_WEB_DRIVER_NAMES,
    driver_class,
    normalize_keys,
    web_driver_class,
)


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux driver only")
def test_the_linux_driver_still_has_what_we_override_and_wrap():
    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver)
    for name in PRIVATE_DRIVER_NAMES:
        assert f"self.{name}" in source or f"def {name}" in source, (
            f"textual's LinuxDriver no longer has {name}: see prompter/tui/textual_private.py"
        )
    assert issubclass(driver_class(), LinuxDriver)


def test_key_lists_are_still_normalised():
    assert normalize_keys("?,ctrl+x, j") == "question_mark,ctrl+x,j", (
        "textual.keys._normalize_key_list changed: see prompter/tui/textual_private.py"
    )


def test_an_option_list_still_has_what_the_outline_uses_to_change_one_line():
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    option = Option("a")
    assert hasattr(option, "_set_prompt"), (
        "textual's Option no longer has _set_prompt: see prompter/tui/textual_private.py"
    )
    assert "_option_render_cache" in inspect.getsource(OptionList.__init__), (
        "textual's OptionList no longer has _option_render_cache: "
        "see prompter/tui/textual_private.py"
    )


def test_the_web_driver_still_has_what_we_override_and_reach():
    from textual.driver import Driver
    from textual.drivers.web_driver import WebDriver

    source = inspect.getsource(Driver.__init__)
    for name in PRIVATE_WEB_DRIVER_NAMES:
        assert f"self.{name} =" in source, (
            f"textual's Driver no longer has {name}: see prompter/tui/textual_private.py"
        )
    for name in ("run_input_thread", "on_meta", "write", "write_meta", "write_binary_encoded"):
        assert name in WebDriver.__dict__, (
            f"textual's WebDriver no longer has {name}: see prompter/tui/textual_private.py"
        )
    assert "exit_event" in inspect.getsource(WebDriver.__init__)
    assert issubclass(web_driver_class(), WebDriver)


# LinuxDriver.run_input_thread as it was when `read_terminal` was written from it
# (Textual 8.2.8). Changed upstream: compare it with read_terminal, then update this.
RUN_INPUT_THREAD_SHA256 = "d796af6d69db337d"


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux driver only")
def test_the_terminal_reader_is_still_the_one_read_terminal_was_written_from():
    import hashlib

    from textual._parser import ParseError, Parser
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == RUN_INPUT_THREAD_SHA256, (
        "textual's LinuxDriver.run_input_thread changed: see read_terminal in "
        "prompter/tui/textual_private.py"
    )
    assert "XTermParser(self._debug)" in source and issubclass(XTermParser, Parser)
    assert callable(Parser.tick) and issubclass(ParseError, Exception)


@pytest.mark.parametrize(
    "value,seconds", [(None, 0.05), ("20", 0.02), ("0", 0.001), ("soon", 0.05), ("99999", 10.0)]
)
def test_the_escape_delay_is_escdelay_else_50_ms(monkeypatch, value, seconds):
    from prompter.tui.textual_private import escape_delay

    if value is None:
        monkeypatch.delenv("ESCDELAY", raising=False)
    else:
        monkeypatch.setenv("ESCDELAY", value)
    assert escape_delay() == pytest.approx(seconds)
