"""Which winplan code a stored reading was made by: a digest of every Python module of the installed package.

The harvest reuses a workbook's previous reading only when the code that made it is the code running now. A
hand-kept list of "reading" modules went stale as modules moved (serialisation and store rows were missing), so
the digest covers the whole package: any upgrade re-reads the folder once, which is cheap next to a wrong reuse.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def code_fingerprint(package: Path) -> str:
    """A digest of every `.py` file below `package`, by relative path and content (order-independent of the OS)."""
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py"), key=lambda path: path.relative_to(package).as_posix()):
        if "__pycache__" in source.parts:
            continue
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(source.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def running_code() -> str:
    """The fingerprint of the winplan package this process runs (computed once)."""
    return code_fingerprint(PACKAGE)
