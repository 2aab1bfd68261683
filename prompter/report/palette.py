"""Status colours and symbols of the report: the Okabe-Ito colour-blind-safe palette,
and each status's glyph (as the interview screen's outline shows it) drawn in every
cell, so that the report also reads in grey print."""

from __future__ import annotations

STATUS_COLOURS = {
    "asked": "#009e73",
    "probed": "#0072b2",
    "skipped": "#d55e00",
    "covered": "#cc79a7",
    "not_applicable": "#f0e442",
    "pending": "#e4e4e4",
}
# The interview screen's glyphs (prompter.tui.widgets.STATUS_GLYPHS), which the core
# cannot import; tests check that the two agree.
STATUS_SYMBOLS = {
    "asked": "✓",
    "probed": "✚",
    "skipped": "✗",
    "covered": "≈",
    "not_applicable": "–",
    "pending": "·",
}
# Glyph colour on each fill: white on the dark fills, black on the light ones.
INK = {
    "asked": "#ffffff",
    "probed": "#ffffff",
    "skipped": "#ffffff",
    "covered": "#000000",
    "not_applicable": "#000000",
    "pending": "#000000",
}
LABELS = {s: s.replace("_", " ") for s in STATUS_COLOURS}
