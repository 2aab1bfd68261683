"""Keys take effect in the order they were typed, however busy the machine.

Textual routes a key as soon as it is read: to a priority binding at once, else into
the focused widget's message queue. A key the widget does not take as text bubbles up
through its parents' queues to the app's, and only there do the widget's own bindings
run: escape in the note, enter in the bookmark label, escape in the help. A key read
meanwhile was routed by the screen as it still was, so on a busy laptop the key typed
after escape went into the note, or closed the help that was already closing, and the
letters typed after `/` reached the find box before it was mounted and were lost
(issue 23; Textualize/textual#1009 and #6605 describe the same race).

`OrderedKeys` routes one key (or paste) at a time: the next waits until the one before
has been through every queue on its way (the focused widget's, its parents', the
app's), and the screen then on top has handled what it was already sent (a screen just
pushed: its mount, and the focus that comes with it). Nothing waits on a clock: each
step is a callback queued behind the key, so a slow machine makes keys later, never
out of order. Keys that the focused editor takes as text, read while one was on its
way, go on together: they can only land, in order, in that editor's own queue, and a
note typed in a burst is not drawn and saved once per key in turn.
"""

from __future__ import annotations

from collections import deque

from textual import events

TOP = "the screen on top"  # in a key's path: whichever screen is on top by then


class OrderedKeys:
    """Mixed into a Textual App (before `App`): keys and pastes routed one at a time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._typed: deque = deque()  # keys read, not yet routed
        self._routing = False  # a key is on its way

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._typed.append(event)
            if not self._routing:
                await self._route_next()
            return
        await super().on_event(event)

    async def _route_next(self) -> None:
        if not self._typed:
            self._routing = False
            return
        self._routing = True
        event = self._typed.popleft()
        target = self.focused or self.screen  # where Textual sends it if no priority binding
        path = [*target.ancestors_with_self, TOP, self]
        try:
            await super().on_event(event)
            if _is_text(target, event):
                while self._typed and self.focused is target and _is_text(target, self._typed[0]):
                    await super().on_event(self._typed.popleft())
        finally:  # whatever a key's action did, the keys after it are not held for ever
            await self._after(path)

    async def _after(self, path: list) -> None:
        """Route the next key once each node of `path` in turn has handled everything
        sent to it before now (a node that has closed is passed over)."""
        while path:
            node = path.pop(0)
            if node is TOP:
                try:
                    node = self.screen
                except Exception:  # no screen left: the app is closing
                    continue
            if node.call_later(self._after, path):
                return
            if node is self:
                return  # the app is closing: no more keys
        await self._route_next()  # called back by the app (the path's last node)


def _is_text(widget, event) -> bool:
    """Whether `widget` takes `event` as text, and so keeps it to itself."""
    return isinstance(event, events.Key) and widget.check_consume_key(event.key, event.character)
