"""Which survey-row types NCPI Field supports, which it ignores, and why it refuses the rest.

Ignored metadata: ``start``, ``end``, ``today`` and ``deviceid`` ask a data-collection app to
stamp times or the device into each submission. NCPI Field already stamps every saved version
(hybrid clock, author device), so these rows are dropped without complaint. ``audit`` (a log of
every screen touch, and optionally of location) and the identity types (``username``,
``email``, ``phonenumber``, ``simserial``, ``subscriberid``) are refused: they would record
about people what the instruments never need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from ncpi_field.xlsform.spec import EVIDENCE_ITEMSET, QuestionKind

CHOICE_FILE_SUFFIXES: Final = (".csv", ".xml")
# A choice file read with other columns than name and label is a list of its own:
# 'places.csv#code/title' (see attachments.list_key).
FILE_LIST_SEPARATOR: Final = "#"


def file_of_list(list_name: str) -> str | None:
    """The choice file a list comes from ('places.csv'), or None for a choices-sheet list."""
    file_name = list_name.split(FILE_LIST_SEPARATOR, 1)[0]
    return file_name if file_name.lower().endswith(CHOICE_FILE_SUFFIXES) else None


Action = Literal["question", "begin", "end", "ignore", "refuse"]

_SIMPLE: Final[dict[str, QuestionKind]] = {
    "text": "text",
    "string": "text",  # the old name for text, which pyxform still accepts
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "dateTime",
    "datetime": "dateTime",
    "note": "note",
    "acknowledge": "acknowledge",
    "calculate": "calculate",
    "hidden": "hidden",
    "range": "range",
}
IGNORED_METADATA: Final = frozenset({"start", "end", "today", "deviceid"})

# The declared policy (forms/README.md): what an inspection of children's records never collects.
_LOCATION = "by policy: it records location, which an inspection never collects"
_MEDIA = (
    "by policy: it takes photos, sound, video or files from the device; NCPI Field keeps "
    "typed answers only"
)
_IDENTITY = (
    "by policy: it records who or which device collected the data; NCPI Field stamps its own author"
)
_EXTERNAL = "it reads data from files outside the form, which NCPI Field does not ship"
_REASONS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("geopoint", "geotrace", "geoshape", "start-geopoint", "background-geopoint", "gps"),
        _LOCATION,
    ),
    **dict.fromkeys(("location", "osm"), _LOCATION),
    **dict.fromkeys(
        ("image", "photo", "audio", "video", "file", "background-audio"),
        _MEDIA,
    ),
    **dict.fromkeys(
        ("add image prompt", "add photo prompt", "add audio prompt", "add video prompt"), _MEDIA
    ),
    **dict.fromkeys(
        ("username", "email", "phonenumber", "simserial", "subscriberid", "imei"), _IDENTITY
    ),
    "phone number": "by policy: it asks for a phone number, which an inspection never needs",
    "audit": "by policy: it logs every touch of the form, and can log location",
    "barcode": "it scans a code with a camera, which a laptop form does not do",
    "trigger": "use acknowledge instead",
    "include": "copy the rows of the other form into this workbook instead",
    **dict.fromkeys(("xml-external", "csv-external", "select_one_external"), _EXTERNAL),
}

_SELECT: Final = re.compile(
    r"^(?P<command>select_one|select one from|select one|select_multiple"
    r"|select all that apply from|select all that apply|select multiple from)"
    r" (?P<list>\S+)(?P<other> (?:or_other|or specify other|or other))?$"
)
_FROM_FILE: Final = re.compile(
    r"^(?P<command>select_one_from_file|select_multiple_from_file"
    r"|select one from file|select multiple from file) (?P<file>\S+)$"
)
_CONTROL: Final = re.compile(r"^(?P<edge>begin|end)[ _](?P<what>group|repeat)$")
_LOOP: Final = re.compile(r"^(begin|end)[ _](loop|looped group|lgroup)\b")


@dataclass(frozen=True)
class RowType:
    action: Action
    kind: QuestionKind | None = None
    repeat: bool = False  # for begin/end
    list_name: str | None = None
    or_other: bool = False
    reason: str = ""  # for refuse


def classify(type_text: str) -> RowType:
    """What to do with a survey row whose 'type' cell (spaces collapsed) is ``type_text``."""
    if type_text in _SIMPLE:
        return RowType("question", _SIMPLE[type_text])
    if type_text in IGNORED_METADATA:
        return RowType("ignore")
    control = _CONTROL.match(type_text)
    if control:
        action: Action = "begin" if control["edge"] == "begin" else "end"
        return RowType(action, repeat=control["what"] == "repeat")
    select = _SELECT.match(type_text)
    if select:
        multiple = "one" not in select["command"]
        kind: QuestionKind = "select_multiple" if multiple else "select_one"
        return RowType("question", kind, list_name=select["list"], or_other=bool(select["other"]))
    from_file = _FROM_FILE.match(type_text)
    if from_file:
        return _from_file(from_file["command"], from_file["file"])
    return RowType("refuse", reason=_refusal_reason(type_text))


def _from_file(command: str, file_name: str) -> RowType:
    if file_name != EVIDENCE_ITEMSET:
        # Choices from a CSV or XML file attached beside the workbook (see attachments).
        if not file_name.lower().endswith(CHOICE_FILE_SUFFIXES):
            return RowType("refuse", reason="a choice file must be a .csv or .xml file")
        kind: QuestionKind = "select_one" if "one" in command else "select_multiple"
        return RowType("question", kind, list_name=file_name)
    if "one" in command:
        return RowType(
            "refuse",
            reason=f"evidence links are chosen with select_multiple_from_file {EVIDENCE_ITEMSET}",
        )
    return RowType("question", "evidence")


def _refusal_reason(type_text: str) -> str:
    command = type_text.split(" ", 1)[0]
    if _LOOP.match(type_text):
        return "use begin repeat and end repeat instead"
    if type_text in _REASONS:
        return _REASONS[type_text]
    if command in _REASONS:
        return _REASONS[command]
    if command == "rank":
        return "use select_multiple, or one select_one per position, instead"
    return "it is not a question type NCPI Field knows"


SUPPORTED_TYPES: Final = (
    "text, integer, decimal, date, time, dateTime, select_one, select_multiple (with or_other),"
    f" note, acknowledge, calculate, hidden, begin/end group, begin/end repeat,"
    f" range, select_one_from_file/select_multiple_from_file (a .csv or .xml file beside the"
    f" workbook), select_multiple_from_file {EVIDENCE_ITEMSET}"
)
