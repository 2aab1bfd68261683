"""One reader per transcript form; each returns `Cue`s or raises TranscriptError."""
