"""Checking what a bundle carries before it is stored: every version against its form."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Final, cast

from ncpi_field import formstore, records
from ncpi_field.completion_check import CompletionCheck
from ncpi_field.errors import InvalidRecord, UserError
from ncpi_field.hlc import Stamp
from ncpi_field.records import RecordId, Status, Version, VersionId
from ncpi_field.xlsform.safexml import MAX_WORKBOOK_BYTES
from ncpi_field.xlsform.spec import FormSpec
from sync.errors import BundleSchemaError

_UUID: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DEVICE: Final = re.compile(r"^[0-9a-f]{32}$")
_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_VERSION_KEYS: Final = frozenset(
    {
        "kind",
        "version_id",
        "record_id",
        "parents",
        "form_id",
        "form_version",
        "author_device",
        "hlc",
        "status",
        "tombstone",
        "answers",
        "saved_at",
    }
)
_FORM_KEYS: Final = frozenset({"kind", "form_id", "version", "sha256", "file_name", "workbook"})


def schema_error(what: str) -> BundleSchemaError:
    return BundleSchemaError(f"The bundle holds {what}; nothing was imported.")


@dataclass(frozen=True)
class FormEntry:
    spec: FormSpec
    workbook: bytes
    file_name: str


def form_entry(entry: dict[str, Any]) -> FormEntry:
    """A form definition from the bundle, parsed and checked like any workbook."""
    if set(entry) != _FORM_KEYS or not all(isinstance(entry[k], str) for k in _FORM_KEYS):
        raise schema_error("a form definition with missing or unexpected fields")
    try:
        workbook = base64.b64decode(entry["workbook"], validate=True)
    except (binascii.Error, ValueError):
        raise schema_error("a form definition that is not base64") from None
    if len(workbook) > MAX_WORKBOOK_BYTES or not _SHA256.match(entry["sha256"]):
        raise schema_error("a form definition that is too large or badly named")
    if hashlib.sha256(workbook).hexdigest() != entry["sha256"]:
        raise schema_error("a form definition whose hash does not match its workbook")
    try:
        spec = formstore.SPECS.spec(workbook, entry["file_name"], entry["sha256"])
    except UserError:
        raise schema_error("a form definition that is not a usable form") from None
    if (spec.form_id, spec.version) != (entry["form_id"], entry["version"]):
        raise schema_error("a form definition whose id or version does not match its workbook")
    return FormEntry(spec, workbook, entry["file_name"])


@dataclass
class FormLookup:
    """Specs by (form id, version): from the bundle first, then from the vault."""

    cursor: records.Cursor
    found: dict[tuple[str, str], FormSpec | None] = field(default_factory=dict)
    # One per bundle: what every version's check can share (the PII lint's verdict per text).
    completion: CompletionCheck = field(default_factory=CompletionCheck)

    def add(self, spec: FormSpec) -> None:
        self.found[(spec.form_id, spec.version)] = spec

    def spec(self, form_id: str, version: str) -> FormSpec | None:
        key = (form_id, version)
        if key not in self.found:
            row = self.cursor.execute(
                "SELECT workbook, file_name, sha256 FROM form_definitions WHERE form_id = ?"
                " AND version = ? ORDER BY stored_at DESC LIMIT 1",
                key,
            ).fetchone()
            self.found[key] = formstore.SPECS.spec(row[0], row[1], row[2]) if row else None
        return self.found[key]


@dataclass(frozen=True)
class ParsedVersion:
    """A version entry strictly parsed: the version, its canonical answers, its form (None for
    a deletion) and its clock stamp, decoded once."""

    version: Version
    answers_json: str
    spec: FormSpec | None
    stamp: Stamp


def parsed_version(entry: dict[str, Any], forms: FormLookup) -> ParsedVersion:
    """Everything about a version entry but its form's checks; BundleSchemaError if it is off.

    The checks are ``check_complete``'s, kept apart so that a version already in the vault
    with the same content (checked when it was stored) is not checked again.
    """
    if set(entry) != _VERSION_KEYS:
        raise schema_error("a version with missing or unexpected fields")
    version, stamp = _version(entry)
    try:
        answers_json = records.canonical_answers(version.answers)
    except InvalidRecord:
        raise schema_error("a version whose answers cannot be stored") from None
    if version.tombstone:
        return ParsedVersion(version, answers_json, None, stamp)
    spec = forms.spec(version.form_id, version.form_version)
    if spec is None:
        raise schema_error("a version of a form whose definition it does not carry")
    return ParsedVersion(version, answers_json, spec, stamp)


def check_complete(parsed: ParsedVersion, forms: FormLookup) -> None:
    """A version marked complete must pass its form's checks, as a save would."""
    spec = parsed.spec
    if spec is None or parsed.version.status != "complete":
        return  # a deletion, a draft or a withdrawn version: stored whatever its state
    if not forms.completion.passes(spec, parsed.version.answers):
        raise schema_error("a version marked complete that does not pass its form's checks")


def version_entry(entry: dict[str, Any], forms: FormLookup) -> tuple[Version, str, FormSpec | None]:
    """The version, its canonical answers and its form, checked; BundleSchemaError if off."""
    parsed = parsed_version(entry, forms)
    check_complete(parsed, forms)
    return parsed.version, parsed.answers_json, parsed.spec


def _version(entry: dict[str, Any]) -> tuple[Version, Stamp]:
    ids = [entry["version_id"], entry["record_id"]]
    parents = entry["parents"]
    if not all(isinstance(i, str) and _UUID.match(i) for i in ids):
        raise schema_error("a version with an id that is not a UUID")
    if (
        not isinstance(parents, list)
        or not all(isinstance(p, str) and _UUID.match(p) for p in parents)
        or parents != sorted(set(parents))
        or entry["version_id"] in parents
    ):
        raise schema_error("a version whose parents are not a sorted list of version ids")
    stamp = _strings(entry)
    if entry["status"] not in records.STATUSES or not isinstance(entry["tombstone"], bool):
        raise schema_error("a version with an unknown status")
    if entry["tombstone"] and entry["status"] != "withdrawn":
        raise schema_error("a deletion that is not marked withdrawn")
    if not isinstance(entry["answers"], dict):
        raise schema_error("a version whose answers are not an object")
    version = Version(
        version_id=VersionId(entry["version_id"]),
        record_id=RecordId(entry["record_id"]),
        parents=tuple(VersionId(p) for p in parents),
        form_id=entry["form_id"],
        form_version=entry["form_version"],
        author_device=entry["author_device"],
        hlc=entry["hlc"],
        status=cast(Status, entry["status"]),
        tombstone=entry["tombstone"],
        answers=entry["answers"],  # freshly decoded from the payload: no one else holds it
        saved_at=entry["saved_at"],
    )
    return version, stamp


def _strings(entry: dict[str, Any]) -> Stamp:
    limits = {"form_id": 100, "form_version": 64, "author_device": 64, "hlc": 64, "saved_at": 40}
    for key, limit in limits.items():
        if not isinstance(entry[key], str) or len(entry[key]) > limit:
            raise schema_error(f"a version whose {key.replace('_', ' ')} is not valid")
    if not entry["form_id"] or not _DEVICE.match(entry["author_device"]):
        raise schema_error("a version with no form or an unknown kind of author")
    try:
        stamp = Stamp.decode(entry["hlc"])
    except ValueError:
        raise schema_error("a version whose clock stamp is not valid") from None
    if stamp.encode() != entry["hlc"] or stamp.wall_ms < 0 or stamp.counter < 0:
        raise schema_error("a version whose clock stamp is not valid")
    return stamp
