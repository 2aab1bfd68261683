"""`prompter` on a disk that fills up (for the tests of honest exits): once the file named by
$FULL_FLAG exists, every write to a file in the folder $FULL_DIR fails with ENOSPC, as on a
full disk. Everything else, the terminal included, writes as usual."""

import errno
import os
import sys
from pathlib import Path

flag = Path(os.environ["FULL_FLAG"])
full = Path(os.environ["FULL_DIR"]).resolve()
real_write = os.write


def write(fd, data):
    if flag.exists():
        try:
            target = Path(os.readlink(f"/proc/self/fd/{fd}")).parent
        except OSError:
            target = None
        if target == full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_write(fd, data)


os.write = write

from prompter.cli import main  # noqa: E402  (after the patch, as the point of this file)

sys.exit(main())
