"""Reading the file to import, safely: only a regular file (never a FIFO, device or
folder, which could block or never end), at most a bounded number of bytes, and text
only if it really is text. Every failure is one `ImportSourceError` naming the file."""

from __future__ import annotations

from prompter.importer.model import ImportSourceError
from prompter.text import visible

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a topic guide in Markdown or text is a few KiB
MAX_DOCX_BYTES = 20 * 1024 * 1024  # a Word file may carry a logo or two


def fail(name: str, message: str):
    raise ImportSourceError(f"{visible(name)}: {message}")


def read_bytes(path: str, limit: int) -> bytes:
    """The file's bytes; refuses anything but a regular file of at most `limit` bytes."""
    from prompter import files

    try:
        return files.read_regular(path, limit)
    except files.NotReadable as e:
        mib = limit // 2**20
        fail(
            path,
            {
                files.MISSING: "no such file",
                files.FOLDER: "is a folder, not a topic guide",
                files.SPECIAL: "is not a regular file (a pipe, device or socket); nothing imported",
                files.DENIED: "cannot read the file: permission denied",
                files.TOO_LARGE: (
                    f"file is too large to be a topic guide ({e.size:,} bytes; at most {mib} MiB)"
                    if e.size is not None
                    else f"file is too large to be a topic guide (at most {mib} MiB)"
                ),
            }.get(e.kind)
            or f"cannot read the file: {e.error.strerror or e.error}",
        )


def decode_text(data: bytes, name: str) -> str:
    """`data` as text: UTF-8 (a byte-order mark is fine) or UTF-16 with its mark.
    Binary data is refused, not guessed at."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            fail(name, "not valid UTF-16 text")
    else:
        if b"\x00" in data:
            fail(name, "not a text file: it contains NUL bytes (is it a Word file? name it .docx)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            fail(
                name,
                f"line {line}: not UTF-8 text (byte 0x{data[e.start]:02X}); save it as UTF-8 text",
            )
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(8, len(text) // 1000):
        fail(name, "not a text file: it is full of control characters")
    if not text.strip():
        fail(name, "the file is empty")
    return text
