"""Choice files attached beside a workbook (``select_one_from_file cities.csv``), kept with it.

A form definition must read the same wherever it is opened, so its attachments travel with it:
a workbook with attachments is stored as a *bundle*, a small deterministic zip holding the
workbook and each file it names. The vault keeps the bundle's bytes by their SHA-256 exactly as
it keeps a bare workbook's, so the hash covers the choices too, and the spec read from a bundle
embeds each file's choices as a choice list named after the file (``cities.csv``). A form with
no attachments is stored as its bare workbook, unchanged.

The evidence itemset (``ncpi_records.csv``) is not a file: its choices are the vault's records.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element

from ncpi_field.bounded_file import FileRefused, read_limited
from ncpi_field.xlsform import safexml
from ncpi_field.xlsform.rowtypes import CHOICE_FILE_SUFFIXES, FILE_LIST_SEPARATOR, classify
from ncpi_field.xlsform.spec import DEFAULT_LANGUAGE, EVIDENCE_ITEMSET, Choice, ChoiceList, Text

MAX_ATTACHMENT_BYTES: Final = 5 * 1024 * 1024
MAX_CHOICES: Final = 50_000
_MANIFEST: Final = "ncpi-form-bundle.json"
_WORKBOOK_DIR: Final = "workbook/"
_ATTACHMENT_DIR: Final = "attachments/"
# A fixed timestamp: the same workbook and files always give the same bundle, and hash.
_EPOCH: Final = (1980, 1, 1, 0, 0, 0)


class AttachmentError(Exception):
    """A choice file that cannot be read as choices; the message says why, in words."""


def referenced_files(type_cells: Iterable[str]) -> list[str]:
    """The choice files named by survey ``type`` cells, in order, without the evidence itemset."""
    names: dict[str, None] = {}
    for cell in type_cells:
        row = classify(" ".join(cell.split()))
        name = row.list_name if row.action == "question" else None
        if name and name.lower().endswith(CHOICE_FILE_SUFFIXES) and name != EVIDENCE_ITEMSET:
            names.setdefault(name)
    return list(names)


def list_key(file_name: str, value: str = "name", label: str = "label") -> str:
    """The spec's list for a file read with these columns: the file name when they are the
    usual name and label, so two questions reading one file another way each get their own."""
    if (value, label) == ("name", "label"):
        return file_name
    return f"{file_name}{FILE_LIST_SEPARATOR}{value}/{label}"


def read_beside(workbook: Path, names: Iterable[str]) -> dict[str, bytes]:
    """The named files found in the workbook's folder (missing ones are left out, and reported
    by the checker); only plain names, so a form cannot read files elsewhere on the disk."""
    found = {}
    for name in names:
        if Path(name).name != name or name.startswith("."):
            continue
        path = workbook.parent / name
        if not path.is_file():
            continue
        try:
            # Read up to the workbook limit: choices_from_file then says a big file is too big.
            found[name] = read_limited(path, safexml.MAX_WORKBOOK_BYTES, what=name)
        except FileRefused:
            continue
    return found


def bundle(workbook: bytes, file_name: str, attachments: Mapping[str, bytes]) -> bytes:
    """The definition of a workbook with its attachments: deterministic, so hashable."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = {"workbook": file_name, "attachments": sorted(attachments)}
        _write(archive, _MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
        _write(archive, _WORKBOOK_DIR + file_name, workbook)
        for name in sorted(attachments):
            _write(archive, _ATTACHMENT_DIR + name, attachments[name])
    return out.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    archive.writestr(info, data)


def is_bundle(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return bool(names) and names[0] == _MANIFEST


def unbundle(data: bytes) -> tuple[bytes, str, dict[str, bytes]]:
    """(workbook bytes, its file name, attachments by name) of a bundle.

    Raises Unreadable for an archive too big to open, AttachmentError for a damaged one.
    """
    from ncpi_field.xlsform.workbook import Unreadable  # noqa: PLC0415 (see _type_cells)

    problem = safexml.size_problem(data) or safexml.archive_problem(data)
    if problem is not None:
        raise Unreadable(problem)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read(_MANIFEST))
            file_name = str(manifest["workbook"])
            workbook = _member(archive, _WORKBOOK_DIR + file_name, safexml.MAX_WORKBOOK_BYTES)
            attachments = {
                str(name): _member(archive, _ATTACHMENT_DIR + str(name), MAX_ATTACHMENT_BYTES)
                for name in manifest["attachments"]
            }
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError, OSError, EOFError):
        raise AttachmentError("The form bundle is damaged: a part of it is missing.") from None
    return workbook, file_name, attachments


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    # The declared size bounds what zipfile will unpack, so checking it first is enough.
    if archive.getinfo(name).file_size > limit:
        raise AttachmentError(f"The form bundle's {name} is larger than any form needs.")
    return archive.read(name)


def choices_from_file(
    file_name: str, data: bytes, value_column: str = "name", label_column: str = "label"
) -> ChoiceList:
    """The choices of a CSV (a header row, then one choice a row) or XML file
    (``<root><item><name>…</name><label>…</label></item>…</root>``), as ODK Collect reads them.

    Every column is kept on the choice, so choice filters and ``instance()`` lookups can use it.
    """
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(f"it is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB")
    rows = _xml_rows(data) if file_name.lower().endswith(".xml") else _csv_rows(data)
    choices = []
    for number, row in enumerate(rows, start=2):
        if value_column not in row:
            raise AttachmentError(f'it has no "{value_column}" column for the choice names')
        name = row[value_column].strip()
        if not name:
            raise AttachmentError(f'row {number} has no value in the "{value_column}" column')
        choices.append(Choice(name, _label(row, label_column), _columns(row)))
        if len(choices) > MAX_CHOICES:
            raise AttachmentError(f"it has more than {MAX_CHOICES} choices")
    return ChoiceList(list_key(file_name, value_column, label_column), tuple(choices))


def _label(row: Mapping[str, str], column: str) -> Text:
    translations = {
        key.split("::", 1)[1].strip(): value
        for key, value in row.items()
        if key.startswith(column + "::")
    }
    if column in row:
        translations[DEFAULT_LANGUAGE] = row[column]
    return Text(translations)


def _columns(row: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in row.items() if key not in ("name", "label")}


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttachmentError("it is not UTF-8 text") from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        raise AttachmentError("it is not a well-formed CSV file") from None
    if not rows:
        raise AttachmentError("it is empty: it needs a header row and one row per choice")
    header = [cell.strip() for cell in rows[0]]
    return [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in rows[1:]]


def _xml_rows(data: bytes) -> list[dict[str, str]]:
    from defusedxml import ElementTree  # noqa: PLC0415 (only forms with an XML choice file)

    try:
        root: Element = ElementTree.fromstring(data)
    except Exception:  # defusedxml refuses entities and DTDs; any failure is a bad file
        raise AttachmentError("it is not well-formed XML (or it uses entities)") from None
    return [{child.tag: (child.text or "").strip() for child in item} for item in root.iter("item")]


def parameters_of(cell: str) -> dict[str, str]:
    """``value=code label=name`` (spaces or commas between pairs), as pyxform splits them."""
    pairs = (part.split("=", 1) for part in cell.replace(",", " ").split() if "=" in part)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def unpack(
    data: bytes, stem: str | None, given: Mapping[str, bytes] | None
) -> tuple[bytes, str | None, Mapping[str, bytes] | None, str | None]:
    """(workbook, stem, attachments, definition hash) of a bundle; other bytes pass through
    with no hash (the workbook's own is used). Raises AttachmentError for a damaged bundle."""
    if not is_bundle(data):
        return data, stem, given, None
    workbook, file_name, attachments = unbundle(data)
    return workbook, stem or Path(file_name).stem, attachments, hashlib.sha256(data).hexdigest()


def definition_hash(workbook: bytes, file_name: str, attachments: Mapping[str, bytes]) -> str:
    return hashlib.sha256(bundle(workbook, file_name, attachments)).hexdigest()


def definition_bytes(path: Path, workbook: bytes) -> bytes:
    """What the vault keeps of a workbook on disk: itself, or a bundle with the choice files
    beside it that it names. The checker hashes the same bytes."""
    if is_bundle(workbook) or not _choice_files_in(path.parent):
        return workbook  # the common case costs no second parse of the workbook
    names = referenced_files(_type_cells(workbook, path.name))
    found = read_beside(path, names)
    return bundle(workbook, path.name, found) if found else workbook


def _type_cells(workbook: bytes, file_name: str) -> list[str]:
    # Imported here: formstore imports this module, and reading a cached spec must not load
    # pyxform (which the workbook reader needs).
    from ncpi_field.xlsform.workbook import Unreadable, open_workbook  # noqa: PLC0415

    try:
        opened = open_workbook(workbook, Path(file_name).stem)
    except Unreadable:
        return []  # the checker reports it
    return [row.type for row in opened.survey]


def _choice_files_in(folder: Path) -> bool:
    try:
        return any(entry.suffix.lower() in CHOICE_FILE_SUFFIXES for entry in folder.iterdir())
    except OSError:
        return False
