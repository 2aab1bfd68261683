"""Fails loudly, naming the attribute, when a Textual upgrade moves a private API that
prompter relies on (each is explained in prompter/tui/textual_private.py)."""

import inspect
import sys

import pytest
from textual.binding import Binding
from textual.screen import Screen

from prompter.tui.textual_private import PRIVATE_DRIVER_NAMES, bindings_for_key, driver_class


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux driver only")
def test_the_linux_driver_still_has_what_we_override_and_wrap():
    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver)
    for name in PRIVATE_DRIVER_NAMES:
        assert f"self.{name}" in source or f"def {name}" in source, (
            f"textual's LinuxDriver no longer has {name}: see prompter/tui/textual_private.py"
        )
    assert issubclass(driver_class(), LinuxDriver)


def test_screen_bindings_are_still_found_by_key():
    class S(Screen):
        BINDINGS = [Binding("j,down", "next", "Next", id="next"),
                    Binding("j", "other", "Other", id="other")]

    found = bindings_for_key(S(), "j")
    assert [b.action for b in found] == ["next", "other"], (
        "Screen._bindings.key_to_bindings changed: see prompter/tui/textual_private.py"
    )
    assert bindings_for_key(S(), "x") == ()
