"""Zip-based documents (Word's .docx) opened within bounds, for every reader of them: the
guide importer and the transcript reader (pure; no textual).

A .docx is a zip of XML parts. Inflating one costs memory and time in proportion to what
its directory declares, not to its size on disk: a bomb of a few hundred KiB declares
hundreds of MiB. So the zip's own directory is checked before anything is inflated:
the number of members, each member's declared size against its compressed size (real
XML deflates 5 to 20 times, a bomb 1,000 times), the declared total, the main part's
size, and the compression method. What is then read cannot pass those bounds: Python's
zip reader stops every member at its declared size (a member that lies about it fails
its CRC check instead). Why a file is refused is a `Refused` kind that each reader
words for its own files, as with `files.NotReadable`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

NOT_ZIP = "not a zip"
DAMAGED = "damaged"
MEMBERS = "too many members"
METHOD = "compression method"  # not stored or deflated (bzip2 and lzma inflate unbounded)
ENCRYPTED = "encrypted"
BOMB = "bomb"  # a member declared to inflate more than `ratio` times
TOO_LARGE = "too large"  # all members together, as declared
PART_TOO_LARGE = "part too large"  # the document's main part
NO_PART = "no part"  # the main part is missing


class Refused(Exception):
    """Why an archive was not opened: `kind` (above); `size` and `ratio` where they
    apply (the declared total, the worst member's ratio); `detail`, the zip library's
    own words for a damaged archive."""

    def __init__(self, kind: str, *, size: int = 0, ratio: int = 0, detail: str = ""):
        super().__init__(kind)
        self.kind = kind
        self.size = size
        self.ratio = ratio
        self.detail = detail


@dataclass(frozen=True)
class Bounds:
    """What a reader accepts; the defaults suit a Word document of text."""

    total: int  # bytes of all members together, as declared
    part: int  # bytes of the main part (`check`'s `main`), as declared
    members: int = 2000  # a Word file has a few dozen
    ratio: int = 100  # declared size over compressed size ...
    ratio_from: int = 1024 * 1024  # ... for members declared larger than this


_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def check(data: bytes, bounds: Bounds, main: str) -> None:
    """Refuse, from the zip's directory alone, an archive whose members would inflate
    past `bounds`, or that has no member `main`. Nothing is inflated."""
    if not data.startswith(b"PK"):
        raise Refused(NOT_ZIP)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as e:
        raise Refused(DAMAGED, detail=str(e)) from None
    if len(infos) > bounds.members:
        raise Refused(MEMBERS, size=len(infos))
    total = 0
    found = None
    for info in infos:
        if info.compress_type not in _METHODS:
            raise Refused(METHOD)
        if info.flag_bits & 0x1:
            raise Refused(ENCRYPTED)
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > bounds.ratio_from and ratio > bounds.ratio:
            raise Refused(BOMB, ratio=ratio)
        total += info.file_size
        if info.filename == main:
            found = info
    if total > bounds.total:
        raise Refused(TOO_LARGE, size=total)
    if found is None:
        raise Refused(NO_PART)
    if found.file_size > bounds.part:
        raise Refused(PART_TOO_LARGE, size=found.file_size)
