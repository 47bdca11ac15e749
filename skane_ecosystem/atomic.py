"""Writing outputs whole, and never over a file that was read.

Three rules hold for every file the toolkit writes (maps, reports, figures, tables):

1. **Whole or not at all.**  A single file is written to a temporary file in the same
   folder and renamed over the target (:func:`write_atomic`); a folder of outputs is
   built in a hidden staging folder next to its target and swapped into place in one
   step (:class:`OutputFolder`).  A reader never finds a half-written file, and a
   failure (a full disk, a read-only folder, Ctrl-C) leaves the previous outputs
   exactly as they were.
2. **Never over an input.**  Outputs are checked against the files the run read
   (:class:`InputFiles`), compared by resolved path *and* by device and inode, so a
   symbolic link or a hard link to a survey file is caught too.
3. **One run per folder.**  An output folder holds exactly one run's files, listed in
   its ``run.json``.  It is replaced as a whole, never merged into: a public run
   never leaves an earlier internal run's files behind.  Because replacing a folder
   deletes what it held, a folder is only replaced when it is missing, empty, or an
   earlier run's output (every file in it listed in its ``run.json``); a folder with
   anything else in it is refused, naming what it holds.

Nothing inside an output folder is ever written through: a symbolic link there (say
a ``figures`` link to another disk) is refused, not followed.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "tables"
>>> with OutputFolder(folder) as staged:
...     _ = write_atomic(staged.path / "a.csv", "x,y\\n1,2\\n")
>>> sorted(staged.files)
['a.csv', 'run.json']
>>> sorted(p.name for p in folder.iterdir())
['a.csv', 'run.json']
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

from .stopping import raise_if_stopped

__all__ = [
    "write_atomic",
    "write_folder",
    "OutputFolder",
    "InputFiles",
    "OutputRefusedError",
    "MANIFEST",
    "listed_outputs",
    "check_output_folder",
    "file_sha256",
]

#: The file in every output folder that says which run wrote it and lists its files.
MANIFEST = "run.json"

#: A run.json larger than this is not one of ours (it lists a few hundred files at most).
_MANIFEST_MAX_BYTES = 16 * 1024 * 1024

#: How many of a folder's unexpected files an error message names.
_SHOWN = 5


class OutputRefusedError(ValueError):
    """An output would replace a file that was read, or files that are not outputs.

    A ``ValueError``: the user chose the output path and can choose another one.
    """


# ==================================================================== one file
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
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename == str(temporary):
            error.filename = str(path)  # the user knows the file, not its temporary name
        raise
    return path


# ================================================================== the inputs
class InputFiles:
    """The files a run read, recognised however an output path names them.

    A file is recognised by its resolved path (symbolic links followed) and by its
    device and inode number (so a hard link, another name for the same bytes, is
    recognised too).

    Parameters
    ----------
    paths : iterable of str or path-like
        The files read; those that do not exist (any more) are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> survey = folder / "survey.csv"
    >>> _ = survey.write_text("source,target\\n")
    >>> inputs = InputFiles([survey])
    >>> inputs.check_file(folder / "map.html")
    >>> inputs.check_file(survey)
    Traceback (most recent call last):
    ...
    skane_ecosystem.atomic.OutputRefusedError: ...
    """

    def __init__(self, paths: Iterable = ()):
        files = {Path(p).resolve() for p in paths if isinstance(p, (str, os.PathLike)) and Path(p).is_file()}
        self.paths: tuple[Path, ...] = tuple(sorted(files))
        self._by_key = {_file_key(p): p for p in self.paths}

    @classmethod
    def of(cls, inputs) -> InputFiles:
        """``inputs`` as InputFiles (given InputFiles, or paths, or None for none)."""
        return inputs if isinstance(inputs, InputFiles) else cls(inputs or ())

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def same_as(self, path) -> Path | None:
        """The input file that ``path`` names (by path or by inode), or None."""
        path = Path(path)
        if not path.exists():
            return None
        resolved = path.resolve()
        if resolved in self.paths:
            return resolved
        return self._by_key.get(_file_key(resolved))

    def check_file(self, path) -> None:
        """Refuse to write the output file ``path`` if it is one of the inputs.

        Raises
        ------
        OutputRefusedError
            Naming the input file, and saying to choose another name.
        """
        found = self.same_as(path)
        if found is not None:
            raise OutputRefusedError(
                f"{path} is the input file {found}{_another_name(path, found)}; nothing is ever "
                "written over a file that was read, so give the output another name"
            )

    def inside(self, folder) -> list[Path]:
        """The inputs anywhere inside ``folder`` (which replacing it would delete)."""
        folder = Path(folder).resolve()
        return [p for p in self.paths if p.is_relative_to(folder)]


def _file_key(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def _another_name(path, found: Path) -> str:
    return "" if Path(path).resolve() == found else " under another name (a link to it)"


# ========================================================== a folder of outputs
class OutputFolder:
    """A folder's next contents, built aside and swapped into place whole.

    On entering, the target folder is checked (see the module's rules) and an empty,
    hidden staging folder is made next to it, on the same disk.  The caller writes
    the run's files into :attr:`path`.  On leaving without an error, ``run.json`` is
    written, listing every file with its SHA-256, together with :attr:`record`, and
    the staging folder takes the target's place in one step (on Linux an atomic
    exchange; elsewhere two renames).  The earlier contents are then deleted.  On an
    error, or an interruption, the staging folder is deleted and the target is left
    as it was.

    Parameters
    ----------
    folder : str or path-like
        The output folder.  A symbolic link to a folder is followed (the outputs go
        where it points); nothing inside the folder is.
    inputs : InputFiles or iterable of paths, optional
        The files the run read: a folder holding one of them is refused.
    record : dict, optional
        What run.json records besides the files (tool, version and ``outputs`` are
        added); the caller may add to :attr:`record` while writing.

    Attributes
    ----------
    path : pathlib.Path
        The staging folder to write into (inside the ``with`` block).
    target : pathlib.Path
        The output folder (resolved).
    files : dict
        After the block: file name (``"figures/network.png"``) -> final path, for
        every file of the run including run.json.

    Raises
    ------
    OutputRefusedError
        On entering, if ``folder`` is a file, holds an input file, or holds files
        that are not an earlier run's outputs.  Nothing is written.
    OSError
        If the folder cannot be written (read-only, full disk); its file name is
        the final one, not the staging folder's.  Nothing is changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> with OutputFolder(out, record={"command": "example"}) as staged:
    ...     _ = write_atomic(staged.path / "table.csv", "a\\n1\\n")
    >>> run = json.loads((out / "run.json").read_text())
    >>> run["command"], sorted(run["outputs"])
    ('example', ['table.csv'])
    """

    def __init__(self, folder, inputs=None, record: Mapping | None = None):
        if not isinstance(folder, (str, os.PathLike)):
            raise TypeError(f"the output folder must be a path, not {type(folder).__name__}")
        self.inputs = InputFiles.of(inputs)
        self.target = check_output_folder(folder, self.inputs)
        self.record = dict(record or {})
        self.path = self.target.with_name(f".{self.target.name}.{uuid.uuid4().hex}.staging")
        self.files: dict[str, Path] = {}
        self._made: list[Path] = []

    def __enter__(self) -> OutputFolder:
        try:
            with self.final_names():
                self._made = _make_folders(self.target.parent)
                self.path.mkdir()  # the user's usual permissions, unlike tempfile.mkdtemp
        except BaseException:
            # a stop may land anywhere up to the return, even after the folder is made
            shutil.rmtree(self.path, ignore_errors=True)
            _remove_empty(self._made)
            raise
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if error is None:
                raise_if_stopped()  # a stop whose exception was lost still keeps the old folder
                self._commit()
        except BaseException as failure:
            error = failure
            raise
        finally:
            # After the swap the staging path holds the earlier contents; after a
            # failure, the unfinished run.  Either way it goes: rmtree removes the
            # links in it, never what they point to.
            shutil.rmtree(self.path, ignore_errors=True)
            if error is not None:
                _rename_in(error, self.path, self.target)
                _remove_empty(self._made)

    @contextmanager
    def final_names(self):
        """Within this block, an OSError names its file where it will be once in place.

        For a caller that reports errors inside the ``with`` block itself: a message
        "No space left on device: reports/demo/map.html" says more than one naming the
        hidden staging folder.
        """
        try:
            yield
        except OSError as error:
            _rename_in(error, self.path, self.target)
            raise

    def _commit(self) -> None:
        names = _files_under(self.path)
        run = {
            "tool": "skane_ecosystem",
            "version": _version(),
            **self.record,
            "outputs": {name: file_sha256(self.path / name) for name in names},
        }
        write_atomic(self.path / MANIFEST, json.dumps(run, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        _swap_into_place(self.path, self.target)
        self.files = {name: self.target / name for name in sorted([*names, MANIFEST])}


def write_folder(
    folder, files: Mapping[str, bytes | str], inputs=None, record: Mapping | None = None, encoding: str = "utf-8"
) -> dict[str, Path]:
    """Replace ``folder`` by one holding exactly ``files`` and their run.json.

    Parameters
    ----------
    folder : str or path-like
        Missing, empty, or an earlier run's output folder (see :class:`OutputFolder`).
    files : mapping
        File name (``"tables/a.csv"`` makes a subfolder) -> bytes or text.
    inputs : InputFiles or iterable of paths, optional
        The files the run read; the folder must not hold any of them.
    record : dict, optional
        What else run.json records (e.g. the command).
    encoding : str
        For text, e.g. ``"utf-8-sig"`` for CSV files Excel should read as UTF-8.

    Returns
    -------
    dict
        File name -> final path, run.json included.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "whatif"
    >>> sorted(write_folder(out, {"indicators.csv": "indicator,value\\n"}))
    ['indicators.csv', 'run.json']
    """
    with OutputFolder(folder, inputs, record) as staged:
        for name, data in files.items():
            target = _inside(staged.path, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data, encoding)
    return staged.files


# ============================================================ checking a folder
def check_output_folder(folder, inputs=None) -> Path:
    """The output folder, resolved, if a run may replace it; refuses otherwise.

    A folder may be replaced when it is missing, empty, or an earlier run's output
    (every file in it, at any depth, listed in its run.json), and holds no input.

    Raises
    ------
    OutputRefusedError
        If ``folder`` is a file, holds one of ``inputs`` (by path or inode), or holds
        anything else: the message names a few of those files.
    """
    inputs = InputFiles.of(inputs)
    target = Path(folder).resolve()  # a link to a folder is followed to where the outputs go
    if target.exists() and not target.is_dir():
        raise OutputRefusedError(f"{folder} is a file; give a folder for the outputs")
    inside = inputs.inside(target)
    if not target.is_dir() and not inside:
        return target
    names = _entries_under(target) if target.is_dir() else []
    inside += [found for found in (inputs.same_as(target / name) for name in names) if found is not None]
    if inside:
        raise OutputRefusedError(
            f"{folder} holds the input file {inside[0]}; the output folder is replaced as a whole, "
            "so write the outputs to their own folder (e.g. reports/analysis)"
        )
    foreign = sorted(set(names) - listed_outputs(target) - {MANIFEST})
    if foreign:
        raise OutputRefusedError(
            f"{folder} holds files that are not from an earlier run ({_few(foreign, target)}); "
            "an output folder is replaced as a whole, so choose a new or empty folder"
        )
    return target


def listed_outputs(folder) -> set[str]:
    """The files the run.json in ``folder`` lists (empty if it has none of ours)."""
    manifest = Path(folder) / MANIFEST
    try:
        if manifest.is_symlink() or manifest.stat().st_size > _MANIFEST_MAX_BYTES:
            return set()
        run = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(run, dict) or run.get("tool") != "skane_ecosystem":
        return set()
    outputs = run.get("outputs")
    return {str(name) for name in outputs} if isinstance(outputs, (dict, list)) else set()


def _entries_under(folder: Path) -> list[str]:
    """Every file and link under ``folder`` ("figures/network.png"), links not followed.

    A link (to a file or a folder) is listed as itself, so it is never taken for an
    earlier run's file; an empty subfolder is not listed (it holds nothing to lose).
    """
    found = []
    # os.walk does not follow links; a subfolder it cannot read must stop the run, not
    # pass for empty (it would be deleted with the folder)
    for parent, folders, files in os.walk(folder, onerror=_raise):
        here = Path(parent)
        links = [name for name in folders if (here / name).is_symlink()]
        folders[:] = sorted(name for name in folders if name not in links)
        found += [(here / name).relative_to(folder).as_posix() for name in sorted(files + links)]
    return found


def _raise(error: OSError) -> None:
    raise error


def _files_under(folder: Path) -> list[str]:
    return [name for name in _entries_under(folder) if name != MANIFEST]


def _few(names: list[str], folder: Path) -> str:
    shown = [name + (" (a link)" if (folder / name).is_symlink() else "") for name in names[:_SHOWN]]
    rest = len(names) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing names that climb out of it ("../x", "/etc/x")."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"an output file name must stay inside its folder, not {name!r}")
    return folder / relative


# ================================================================= moving in place
def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; afterwards ``staging`` holds what was there."""
    if not target.exists():
        os.rename(staging, target)  # fails, harmlessly, if a non-empty folder appeared
        return
    if _exchange(staging, target):
        return
    aside = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    os.rename(aside, staging)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False if unsupported.

    Between two plain renames the folder would briefly be missing; with the
    exchange a reader sees either the whole earlier run or the whole new one.
    """
    rename = _renameat2()
    if rename is None:
        return False
    if rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # an old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        rename = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28
        return None
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rename.restype = ctypes.c_int
    return rename


# ======================================================================= helpers
def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns those created, deepest first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed run created, so it leaves nothing behind."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _rename_in(error, staging: Path, target: Path) -> None:
    """Make an OSError name the file where the user will look for it, not in staging."""
    if not isinstance(error, OSError):
        return
    for attribute in ("filename", "filename2"):
        name = getattr(error, attribute, None)
        if isinstance(name, (str, os.PathLike)) and Path(name).is_relative_to(staging):
            setattr(error, attribute, str(target / Path(name).relative_to(staging)))


def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes, as hex (read in blocks: files may be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    from . import __version__

    return __version__
