"""A disk that really fills up: a small tmpfs mounted for one test, filled to the last
byte with `fill()` and given room again with `free()`. Writes to it then fail with
ENOSPC in the kernel, for every process, as on a full disk.

Mounting needs root (CAP_SYS_ADMIN); elsewhere the test is skipped, saying why.
`in_namespace` runs a command in a private mount namespace (`unshare`) whose temp
folders are full disks too, for the case where no temporary folder can be used."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import prompter

FILLER = ".filler"


def _skip_unless_mountable() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs (a disk that really fills up) needs root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount/umount command here (util-linux)")


class SmallDisk:
    """A tmpfs mounted at `path` (see the module)."""

    def __init__(self, path: Path, size: str = "1m"):
        _skip_unless_mountable()
        path.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "prompter-test", str(path)],
            capture_output=True,
            text=True,
        )
        if r.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or r.returncode}")
        self.path = path

    def fill(self) -> None:
        """Use up every free block (a file of zeros, written until ENOSPC)."""
        chunk = b"\0" * 65536
        with open(self.path / FILLER, "ab", buffering=0) as f:
            while True:
                try:
                    f.write(chunk)
                except OSError as e:
                    if e.errno != errno.ENOSPC:
                        raise
                    if len(chunk) == 1:
                        return
                    chunk = chunk[: len(chunk) // 2]

    def free(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.path / FILLER).unlink()

    def files(self) -> list[str]:
        """Every name on the disk but the filler, recursively (temporaries included)."""
        return sorted(
            str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.name != FILLER
        )

    def unmount(self) -> None:
        # Lazy: a process that still has a file open there never blocks the test's end.
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


@contextlib.contextmanager
def small_disk(path: Path, size: str = "1m"):
    disk = SmallDisk(path, size)
    try:
        yield disk
    finally:
        disk.unmount()


# A private mount namespace where /tmp and /var/tmp are full disks: `tempfile.gettempdir()`
# finds no usable folder. The real /tmp stays reachable at /var/tmp/real (what the test
# made there); the command runs from /tmp (full too: the last place gettempdir tries).
_NO_TEMP = """
set -e
mount --make-rprivate /
mount -t tmpfs -o size=64k prompter-full /var/tmp
mkdir /var/tmp/real
mount --rbind /tmp /var/tmp/real
mount -t tmpfs -o size=64k prompter-full /tmp
for d in /tmp /var/tmp; do
    head -c 1048576 /dev/zero > "$d/.filler" 2>/dev/null || true
done
cd /tmp
exec "$@"
"""
SEEN_AT = Path("/var/tmp/real")


def without_temp_folders(argv: list[str]) -> list[str]:
    """`argv` run where no temporary folder can be used (see above); paths under /tmp
    must be given as that process sees them (`seen_from_namespace`)."""
    _skip_unless_mountable()
    if shutil.which("unshare") is None:
        pytest.skip("no unshare command here (util-linux)")
    for needed in (Path(sys.prefix), Path(prompter.__file__).parent):
        if needed.resolve().is_relative_to("/tmp") or needed.resolve().is_relative_to("/var/tmp"):
            pytest.skip(f"{needed} is under a temporary folder, which this test hides")
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.strip()}")
    return ["unshare", "--mount", "sh", "-c", _NO_TEMP, "no-temp", *argv]


def seen_from_namespace(path: Path) -> str:
    """`path` (under /tmp) as a process started by `without_temp_folders` sees it."""
    try:
        rel = Path(path).resolve().relative_to("/tmp")
    except ValueError:
        pytest.skip(f"{path} is not under /tmp, where the namespace finds it")
    return str(SEEN_AT / rel)
