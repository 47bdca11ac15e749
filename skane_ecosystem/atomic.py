"""Writing a file whole or not at all.

Every output of the toolkit (maps, reports, figures, tables, templates) is written to
a temporary file in the same folder and then renamed over the target.  A reader, or a
policymaker double-clicking the file, never finds it half-written, even when writing
is interrupted by a full disk or a crash; and a failed write leaves the previous file
as it was.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` (bytes, or text in ``encoding``) to ``path`` atomically.

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    data : bytes or str
        Text is written as given (no newline translation).
    encoding : str
        For text, e.g. ``"utf-8-sig"`` for CSV files Excel should read as UTF-8.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "note.txt", "hej").read_text()
    'hej'
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    # Not tempfile.mkstemp: its files are private (0600); "x" mode creates the file
    # with the user's usual permissions, and fails rather than reuse a stray name.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "xb") as handle:
            handle.write(payload)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
