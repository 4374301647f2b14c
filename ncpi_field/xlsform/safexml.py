"""Defences against hostile workbooks: defused XML parsers and limits on size and unpacking."""

from __future__ import annotations

import importlib
import io
import zipfile
from typing import Final

from ncpi_field.xlsform.problems import Problem

MAX_WORKBOOK_BYTES: Final = 20 * 1024 * 1024
# A real instrument unpacks to a few MiB; a zip bomb to gigabytes.
MAX_UNPACKED_BYTES: Final = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS: Final = 2_000

# Every openpyxl module that parses workbook XML on pyxform's read path, and the name it binds.
_OPENPYXL_PARSERS: Final = (
    ("openpyxl.xml.functions", "fromstring"),
    ("openpyxl.xml.functions", "iterparse"),
    ("openpyxl.reader.excel", "fromstring"),
    ("openpyxl.reader.workbook", "fromstring"),
    ("openpyxl.reader.strings", "iterparse"),
    ("openpyxl.reader.drawings", "fromstring"),
    ("openpyxl.worksheet._reader", "iterparse"),
    ("openpyxl.styles.stylesheet", "fromstring"),
    ("openpyxl.packaging.manifest", "fromstring"),
)


class UnsafeParser(RuntimeError):
    """openpyxl would parse XML without defusedxml (lxml present, or OPENPYXL_DEFUSEDXML=False)."""


def ensure_defused() -> None:
    """Refuse to read any workbook unless every XML parser on the read path is defusedxml's.

    openpyxl picks defusedxml by itself when it is installed, but an environment variable or an
    installed lxml silently switches it off; so this checks rather than trusts. A scoped check
    beats ``defusedxml.defuse_stdlib()``, which would patch the standard library process-wide.
    """
    for module_name, attribute in _OPENPYXL_PARSERS:
        parser = getattr(importlib.import_module(module_name), attribute)
        if not str(getattr(parser, "__module__", "")).startswith("defusedxml"):
            raise UnsafeParser(
                f"{module_name}.{attribute} is not defusedxml's parser; refusing to read workbooks"
            )


def archive_problem(data: bytes) -> Problem | None:
    """A reason to refuse an .xlsx archive before any XML in it is parsed, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return Problem(
            "",
            0,
            "",
            "The file looks like an .xlsx workbook but is damaged or truncated.",
            "Save it again from the spreadsheet program, or copy a fresh one.",
        )
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        return Problem(
            "",
            0,
            "",
            "The workbook unpacks to far more data than any form needs, so it was not opened.",
            "Check where the file came from; save the form again as a plain .xlsx.",
        )
    return None


def size_problem(data: bytes) -> Problem | None:
    if not data:
        return Problem("", 0, "", "The file is empty.", "Choose the form's .xlsx workbook.")
    if len(data) > MAX_WORKBOOK_BYTES:
        limit = MAX_WORKBOOK_BYTES // (1024 * 1024)
        return Problem(
            "",
            0,
            "",
            f"The file is larger than {limit} MiB, far more than any form needs.",
            "Remove pictures and unused sheets from the workbook.",
        )
    return None
