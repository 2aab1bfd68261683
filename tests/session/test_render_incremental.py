"""The incremental render (a writer's cache re-renders only what may have changed) always
writes exactly what a render from scratch writes, after any sequence of actions (the
interview driver's, interview_driver)."""

from __future__ import annotations

from guide_factory import FIXED_NOW, FakeClock, demo_guide
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_driver import any_actions, apply

from prompter.session import Session
from prompter.session.render import RenderCache, session_to_toml

GUIDE = demo_guide()
ANY = any_actions([q.id for q in GUIDE.questions])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(ANY, max_size=6), min_size=1, max_size=8))
def test_cached_render_equals_a_fresh_render_after_every_save(bursts):
    clock = FakeClock()
    s = Session(GUIDE, "P01", clock=clock, now=FIXED_NOW)
    cache = RenderCache(s)
    for burst in bursts:  # a save after each burst of actions, as the screen saves per key
        for action in burst:
            apply(s, clock, action)
        assert session_to_toml(s, cache) == session_to_toml(s)
