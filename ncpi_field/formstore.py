"""Form definitions: the workbooks kept in the vault by hash, the ones shipped in forms/, a cache.

Parsed specs are cached in memory, keyed by the workbook's SHA-256 and file stem (the stem
names a form whose settings give no form_id), and on disk as checked JSON by ``form_cache``
(never pickle): a cold parse with pyxform costs a few hundred milliseconds at start-up.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncpi_field import form_cache
from ncpi_field.bounded_file import FileRefused, read_limited
from ncpi_field.errors import FormNotFound
from ncpi_field.models import FormDefinition
from ncpi_field.records import Cursor
from ncpi_field.xlsform import expressions
from ncpi_field.xlsform.attachments import definition_bytes
from ncpi_field.xlsform.problems import FormRejected, Problem
from ncpi_field.xlsform.safexml import MAX_WORKBOOK_BYTES
from ncpi_field.xlsform.spec import FormSpec

FORM_SUFFIXES: Final = (".xlsx", ".xls", ".md")
CACHE_SIZE: Final = 64
_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_MAX_FILE_NAME: Final = 255
# The instruments are installed beside this package (the wheel's forms/, or the clone's). Found by
# path, never by importing the generic name "forms": any folder of that name earlier on sys.path
# would shadow it and every instrument would be "not found".
INSTRUMENTS_DIR: Final = Path(__file__).resolve().parent.parent / "forms"
# Small forms the app itself fills in (a recommendation's status): saved, versioned and synced
# like an instrument's records, but never offered as an instrument to capture.
BUILTIN_DIR: Final = Path(__file__).resolve().parent / "builtin_forms"


class InstalledForm(NamedTuple):
    form_id: str
    version: str
    sha256: str
    path: Path


class _SpecCache:
    """A small LRU of parsed specs; a spec is frozen, so sharing one between callers is safe."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._specs: OrderedDict[tuple[str, str], FormSpec] = OrderedDict()
        self._lock = threading.Lock()

    def spec(self, workbook: bytes, file_name: str, sha256: str) -> FormSpec:
        key = (sha256, Path(file_name).stem)
        with self._lock:
            if key in self._specs:
                self._specs.move_to_end(key)
                return self._specs[key]
        # Outside the lock: a parse takes a while.
        spec = form_cache.cached_spec(
            sha256, key[1], lambda: read_form(workbook, file_name=file_name)
        )
        with self._lock:
            self._specs[key] = spec
            while len(self._specs) > self._size:
                self._specs.popitem(last=False)
        return spec

    def clear(self) -> None:
        with self._lock:
            self._specs.clear()


SPECS: Final = _SpecCache(CACHE_SIZE)


def read_form(workbook: bytes, *, file_name: str) -> FormSpec:
    """Parse a workbook with pyxform: loaded here, only when no cached spec fits."""
    from ncpi_field.xlsform import reader  # noqa: PLC0415 - pyxform takes 0.2 s to import

    return reader.read_form(workbook, file_name=file_name)


def store_definition(session: Session, workbook: bytes, file_name: str) -> FormSpec:
    """Check and keep a workbook; storing the same bytes again changes nothing.

    Raises FormRejected (listing the problems) for a workbook that is not a usable form.
    """
    name = Path(file_name).name[:_MAX_FILE_NAME]
    spec = SPECS.spec(workbook, name, _sha256(workbook))
    if session.get(FormDefinition, spec.sha256) is None:
        session.add(
            FormDefinition(
                sha256=spec.sha256,
                form_id=spec.form_id,
                version=spec.version,
                workbook=workbook,
                file_name=name,
                stored_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            )
        )
        session.flush()
    return spec


def keep_definition(cursor: Cursor, spec: FormSpec, workbook: bytes, file_name: str) -> int:
    """Keep a checked workbook inside a save's own transaction; 1 if it was new, else 0."""
    cursor.execute(
        "INSERT OR IGNORE INTO form_definitions (sha256, form_id, version, workbook, file_name,"
        " stored_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            spec.sha256,
            spec.form_id,
            spec.version,
            workbook,
            Path(file_name).name[:_MAX_FILE_NAME],
            datetime.now(UTC).isoformat(timespec="milliseconds"),
        ),
    )
    return 1 if cursor.execute("SELECT changes()").fetchone()[0] else 0


def load_definition(session: Session, form_id: str, version_or_sha: str) -> FormSpec:
    """The spec of a stored form, by its SHA-256, or by form id and version (latest stored)."""
    row = _find(session, form_id, version_or_sha)
    if row is None:
        raise FormNotFound(
            f"The vault holds no definition of form {form_id!r} with version or hash "
            f"{version_or_sha!r}."
        )
    return SPECS.spec(row.workbook, row.file_name, row.sha256)


def stored_definitions(session: Session) -> list[tuple[str, str, str]]:
    """(form_id, version, sha256) of every definition in the vault, oldest first."""
    rows = session.execute(
        select(FormDefinition.form_id, FormDefinition.version, FormDefinition.sha256).order_by(
            FormDefinition.stored_at
        )
    )
    return [(form_id, version, sha) for form_id, version, sha in rows]


def _find(session: Session, form_id: str, version_or_sha: str) -> FormDefinition | None:
    if _SHA256.match(version_or_sha):
        row = session.get(FormDefinition, version_or_sha)
        if row is not None and row.form_id == form_id:
            return row
    return session.scalars(
        select(FormDefinition)
        .where(FormDefinition.form_id == form_id, FormDefinition.version == version_or_sha)
        .order_by(FormDefinition.stored_at.desc())
        .limit(1)
    ).first()


def installed_forms(directory: Path = INSTRUMENTS_DIR) -> list[InstalledForm]:
    """The instruments shipped in ``directory`` that pass the check, sorted by id."""
    found = []
    for path, data in _shipped_workbooks(directory):
        try:
            spec = SPECS.spec(data, path.name, _sha256(data))
        except FormRejected:
            continue  # listed by installed_form_problems(); tests keep shipped forms clean
        found.append(InstalledForm(spec.form_id, spec.version, spec.sha256, path))
    return sorted(found)


def installed_form_problems(
    directory: Path = INSTRUMENTS_DIR,
) -> dict[str, tuple[Problem, ...]]:
    """Shipped workbooks that fail the check, by file name, with their problems.

    Checked together as well as one by one: an evidence filter may name only the form ids
    of the shipped forms (a record's kind is the id of its form).
    """
    problems: dict[str, tuple[Problem, ...]] = {}
    specs: dict[str, FormSpec] = {}
    for path, data in _shipped_workbooks(directory):
        try:
            specs[path.name] = SPECS.spec(data, path.name, _sha256(data))
        except FormRejected as exc:
            problems[path.name] = exc.problems
    ids = {spec.form_id for spec in specs.values()}
    for name, spec in specs.items():
        unknown_kinds = expressions.kind_problems(spec, ids)
        if unknown_kinds:
            problems[name] = tuple(unknown_kinds)
    return dict(sorted(problems.items()))


def _shipped_workbooks(directory: Path) -> list[tuple[Path, bytes]]:
    if not directory.is_dir():
        return []
    entries = [
        entry
        for entry in directory.iterdir()
        if entry.is_file() and entry.name.lower().endswith(FORM_SUFFIXES)
        if entry.name.lower() != "readme.md"
    ]
    return [(entry, definition_bytes(entry, entry.read_bytes())) for entry in sorted(entries)]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_form_file(path: Path) -> FormSpec:
    """A workbook on disk, read through the spec cache. Raises FormRejected or UserError."""
    try:
        data = read_limited(path, MAX_WORKBOOK_BYTES, what=f"The form file {path}")
    except FileRefused as exc:
        raise FormNotFound(str(exc)) from None
    data = definition_bytes(path, data)  # with the choice files beside it, if it names any
    return SPECS.spec(data, path.name, _sha256(data))


def installed(form_id: str) -> tuple[FormSpec, bytes, str]:
    """An installed form by id: its spec, its workbook bytes and file name."""
    found = _installed_by_id().get(form_id)
    if found is None:
        known = ", ".join(sorted(_installed_by_id())) or "none"
        raise FormNotFound(f"No installed form has the id {form_id!r}. Installed: {known}.")
    return found


@functools.cache
def _installed_by_id() -> dict[str, tuple[FormSpec, bytes, str]]:
    """The shipped forms, read and hashed once a process: every save looks its form up here."""
    index = {}
    for path, data in _shipped_workbooks(INSTRUMENTS_DIR) + _shipped_workbooks(BUILTIN_DIR):
        try:
            spec = SPECS.spec(data, path.name, _sha256(data))
        except FormRejected:
            continue
        index[spec.form_id] = (spec, data, path.name)
    return index


def installed_spec(form_id: str) -> FormSpec:
    return installed(form_id)[0]


# The forms the app fills in on its own screens (the inspection, a recommendation's status, an
# issued document): their records are never listed or offered as the inspector's own.
OWN_SCREEN_FORMS: Final = frozenset({"inspection"})


@functools.cache
def builtin_form_ids() -> frozenset[str]:
    """The ids of the forms with their own screens: the inspection and every form shipped in
    ``builtin_forms`` (any added there later is covered without a change here)."""
    return OWN_SCREEN_FORMS | {form.form_id for form in installed_forms(BUILTIN_DIR)}
