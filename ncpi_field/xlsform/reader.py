"""Read an XLSForm workbook into a frozen FormSpec, refusing any form that has a problem."""

from __future__ import annotations

from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.problems import FormRejected
from ncpi_field.xlsform.spec import FormSpec
from ncpi_field.xlsform.workbook import Source


def read_form(source: Source, *, file_name: str | None = None) -> FormSpec:
    """The spec of a workbook (a path, or bytes named by ``file_name``).

    Raises FormRejected listing every problem the checker found; nothing else for bad input.
    """
    result = check_form(source, file_name=file_name)
    if result.spec is None:
        raise FormRejected(result.problems)
    return result.spec
