"""`gc_paused()`: the cyclic garbage collector paused while a block builds many objects
that form no cycles (a parsed guide, parsed session files). The collector would go over
them again and again as they pile up, for nothing (a 5,000-question guide once parsed in
255 ms with it and 147 ms without). Imports only `gc`."""

from __future__ import annotations

import gc


class gc_paused:  # lower case: it reads as a function, `with gc_paused():`
    """Pause the cyclic collector for the block, if it was running; as it was after."""

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self.was_enabled:
            gc.enable()
