"""The screen: a thin Textual layer over the pure session core."""
