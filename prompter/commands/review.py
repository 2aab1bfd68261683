"""`prompter review SESSION`: the transcript cut at the questions, on a screen where each
boundary is fixed in a key and late notes are added. Argparse only here; the session
file and its transcript are read and checked, and the lock taken, before textual is
imported."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> dict:
    """Add `review` to `subparsers`; returns {name: handler}."""
    p = subparsers.add_parser(
        "review",
        help="review a session's transcript cut at the questions: fix boundaries, add late notes",
        description="Show the attached transcript's cues under the questions they belong to "
        "(prompter transcript attach first), the boundaries the aligner was unsure of "
        "highlighted. enter on a cue: a question starts here; x: no question from here; "
        "n: a late note. Every change is saved at once and followed by every export "
        "(docs/transcripts.md, 'Review').",
    )
    p.add_argument("session", type=Path, metavar="SESSION", help="the session's .toml file")
    p.add_argument(
        "--read-only",
        action="store_true",
        help="only look: nothing changes (works while another prompter has the file open)",
    )
    p.add_argument("--theme", help="a Textual theme, e.g. prompter-high-contrast")
    return {"review": cmd_review}


def cmd_review(args) -> int:
    from prompter.commands.interview import _real_path, need_terminal, use_escape_delay
    from prompter.config import load_config
    from prompter.transcript.review import Review

    # Through a link: saved to the file it names (as `resume` does).
    path = _real_path(args.session)
    review = Review.open(path, read_only=args.read_only)  # refused while an interview has it
    try:
        config = load_config()  # the user's theme and keymap
        need_terminal(
            "review is a screen: it needs a terminal (to read the cut without one: "
            f"prompter transcript show {args.session})"
        )
        use_escape_delay(config)
        from prompter.tui.review import run_review

        return run_review(review, theme=args.theme or config.theme, keymap=config.keymap)
    finally:
        review.close()
