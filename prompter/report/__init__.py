"""The shareable study report (pure; no textual): one self-contained HTML file with
inline SVG drawn here, no scripts, fonts, images or URLs. `report_html(study, ...)`
makes it; `prompter report` writes it."""

from prompter.report.page import report_html
from prompter.report.palette import STATUS_COLOURS, STATUS_SYMBOLS

__all__ = ["STATUS_COLOURS", "STATUS_SYMBOLS", "report_html"]
