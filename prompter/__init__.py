"""prompter: a keyboard-driven terminal companion for semi-structured interviews."""

__version__ = "0.1.0"
