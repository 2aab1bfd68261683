"""A real Word zip bomb, for every reader of .docx files (the guide importer, the
transcript reader): a document python-docx would open, whose word/document.xml is
well-formed XML that inflates to hundreds of MiB from well under a MiB on disk, with
honest sizes and CRC in the zip's directory (the bomb does not lie: only its ratio
gives it away)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
TAIL = b"</w:body></w:document>"


def make_docx_bomb(path: Path, mib: int = 300) -> Path:
    """Write the bomb to `path`: every part of a blank Word document, but a document part
    of `mib` paragraphs of 1 MiB each."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    # a paragraph of 1 MiB of one letter: long runs deflate about 1,000 times
    chunk = b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>"
    with (
        zipfile.ZipFile(blank) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info.filename))
        with out.open("word/document.xml", "w") as f:
            f.write(HEAD)
            for _ in range(mib):
                f.write(chunk)
            f.write(TAIL)
    return path
