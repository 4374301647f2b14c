"""Forms are data: a fifth instrument needs a workbook, not code.

What the generic core knows about a form comes from its settings sheet: ``title_field`` (the
answer that names a record in lists) and ``pii_blocks_completion`` (yes by default). The kinds
an evidence filter may name are the ids of the forms checked together, not a list in code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from xlsform_mdforms import form

from ncpi_field import form_cache, formstore, records
from ncpi_field.completion import PII_OVERRIDES, prepare
from ncpi_field.records import Draft, RecordId, Version, VersionId
from ncpi_field.vault import Vault
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.spec import FormSpec

SURVEY_HEADER = ("type", "name", "label", "constraint", "required", "choice_filter")
SETTINGS_HEADER = ("form_id", "version", "title_field", "pii_blocks_completion")
VISIT_SURVEY = (
    ("text", "visit_ref", "Visit reference", "regex(., '^VL-[0-9]{3}$')", "yes", ""),
    ("integer", "visit_day", "Fieldwork day", ". >= 1", "yes", ""),
    ("text", "visit_notes", "What was seen", "", "yes", ""),
    (
        "select_multiple_from_file ncpi_records.csv",
        "cites",
        "Records this visit bears on",
        "",
        "",
        "kind='case_audit' or kind='visit_log'",
    ),
)
CLEAN = {"visit_ref": "VL-007", "visit_day": 2, "visit_notes": "Custody suite walkthrough."}
# A phone number: the PII lint flags it whatever else the text says.
WITH_PII = {**CLEAN, "visit_notes": "The sergeant gave 07700 900123 for follow-up."}


def visit_log(
    *,
    title_field: str = "visit_ref",
    pii: str = "",
    survey: Sequence[Sequence[str]] = VISIT_SURVEY,
) -> bytes:
    return form(
        survey,
        header=SURVEY_HEADER,
        settings=[("visit_log", "2026113001", title_field, pii)],
        settings_header=SETTINGS_HEADER,
    )


def spec_of(data: bytes) -> FormSpec:
    return read_form(data, file_name="visit_log.md")


def test_settings_are_read_into_the_spec() -> None:
    spec = spec_of(visit_log())
    assert spec.form_id == "visit_log"
    assert spec.title_field == "visit_ref"
    assert spec.pii_blocks_completion is True  # the default: an empty cell means yes
    assert spec_of(visit_log(pii="No")).pii_blocks_completion is False
    assert spec_of(visit_log(pii="yes")).pii_blocks_completion is True


def test_a_form_without_the_settings_has_no_title_field_and_blocks_on_pii() -> None:
    spec = read_form(form([("text", "t", "T")]), file_name="plain.md")
    assert spec.title_field is None
    assert spec.pii_blocks_completion is True


def test_the_settings_round_trip_through_the_spec_cache(tmp_path: Path) -> None:
    for data in (visit_log(), visit_log(title_field="", pii="no")):
        spec = spec_of(data)
        form_cache.store(spec, "visit_log", tmp_path)
        assert form_cache.load(spec.sha256, "visit_log", tmp_path) == spec
        assert form_cache.from_json(json.loads(json.dumps(form_cache.to_json(spec)))) == spec


@pytest.mark.parametrize(
    ("title_field", "survey", "words"),
    [
        ("visit_reff", VISIT_SURVEY, "no question has that name"),
        ("cites", VISIT_SURVEY, "of type evidence"),
        (
            "seen",
            (("begin_repeat", "rooms", "Rooms"), ("text", "seen", "Seen"), ("end_repeat", "", "")),
            'inside the repeat "rooms"',
        ),
        (
            "box",
            (("begin_group", "box", "Box"), ("text", "t", "T"), ("end_group", "", "")),
            "group",
        ),
        ("n", (("note", "n", "A note"),), "of type note"),
    ],
)
def test_a_title_field_must_name_one_answer(
    title_field: str, survey: Sequence[Sequence[str]], words: str
) -> None:
    padded = [(*row, *[""] * (len(SURVEY_HEADER) - len(row))) for row in survey]
    result = check_form(visit_log(title_field=title_field, survey=padded), file_name="v.md")
    (problem,) = result.problems
    assert (problem.sheet, problem.column) == ("settings", "title_field")
    assert words in problem.message
    assert result.spec is None


def test_pii_blocks_completion_takes_yes_or_no() -> None:
    (problem,) = check_form(visit_log(pii="sometimes"), file_name="v.md").problems
    assert (problem.sheet, problem.column) == ("settings", "pii_blocks_completion")
    assert "yes or no" in problem.message


def test_a_fifth_instrument_blocks_on_pii_with_the_same_override() -> None:
    spec = spec_of(visit_log())
    assert prepare(spec, CLEAN, status="complete").ok
    blocked = prepare(spec, WITH_PII, status="complete")
    assert [(i.field, i.kind) for i in blocked.issues] == [("visit_notes", "constraint")]
    assert "override" in blocked.issues[0].message
    assert prepare(spec, WITH_PII, status="draft").ok  # drafts are never refused
    overridden = {**WITH_PII, PII_OVERRIDES: {"visit_notes": "a force switchboard number"}}
    done = prepare(spec, overridden, status="complete")
    assert done.ok
    assert done.answers[PII_OVERRIDES] == {"visit_notes": "a force switchboard number"}
    assert [w.overridden for w in done.pii_warnings] == [True]


def test_a_form_can_make_pii_a_warning_only() -> None:
    spec = spec_of(visit_log(pii="no"))
    done = prepare(spec, WITH_PII, status="complete")
    assert done.ok
    assert [(w.field, w.kinds, w.overridden) for w in done.pii_warnings] == [
        ("visit_notes", ("phone",), False)
    ]


def test_a_fifth_instrument_is_titled_by_its_own_field(vault: Vault) -> None:
    data = visit_log()
    with vault.session() as session:
        spec = formstore.store_definition(session, data, "visit_log.md")
        assert formstore.load_definition(session, "visit_log", spec.version) == spec
    completion = prepare(spec, CLEAN, status="draft")
    # records.save directly (as the use-case API does): what is tested here is the title.
    titled = Draft(
        spec.form_id,
        completion.answers,
        status="draft",
        form_version=spec.version,
        title_field=spec.title_field,
    )
    untitled = Draft(spec.form_id, completion.answers, status="draft", form_version=spec.version)
    with vault.write_transaction("the visits") as cursor:
        device = vault.identity.device_id
        saved = records.save(cursor, titled, device, vault.clock)
        plain = records.save(cursor, untitled, device, vault.clock)
    with vault.session() as session:
        assert records.summary(session, saved.record_id).title == "VL-007"
        # No title field given: the form id in words and the start of the record id.
        assert records.summary(session, plain.record_id).title == (
            f"visit log {plain.record_id[:8]}"
        )


def test_an_imported_version_is_titled_by_the_title_field_given(vault: Vault) -> None:
    spec = spec_of(visit_log())
    version = Version(
        version_id=VersionId(str(uuid.uuid4())),
        record_id=RecordId(str(uuid.uuid4())),
        parents=(),
        form_id=spec.form_id,
        form_version=spec.version,
        author_device="device-b",
        hlc=vault.clock.tick().encode(),
        status="complete",
        tombstone=False,
        answers={**CLEAN, "visit_ref": "VL-042"},
        saved_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
    )
    with vault.write_transaction("an imported visit") as cursor:
        assert records.add(cursor, version, title_field=spec.title_field)
    with vault.session() as session:
        assert records.summary(session, version.record_id).title == "VL-042"


def test_evidence_kinds_are_the_form_ids_checked_together() -> None:
    data = visit_log()
    assert check_form(data, file_name="v.md", record_kinds=("case_audit",)).problems == []
    (problem,) = check_form(data, file_name="v.md", record_kinds=("observation",)).problems
    assert "'case_audit', which no record has" in problem.message
    assert problem.fix == "Use one of: observation, visit_log."


def test_installed_forms_are_checked_against_each_other(tmp_path: Path) -> None:
    package = tmp_path / "ncpi_settings_forms"
    package.mkdir()
    (package / "visit_log.md").write_bytes(visit_log())
    problems = formstore.installed_form_problems(package)
    ((name, (problem,)),) = problems.items()
    assert name == "visit_log.md"
    assert "'case_audit', which no record has" in problem.message
    (package / "case_audit.md").write_bytes(
        form([("text", "t", "T")], settings=[("case_audit", "1")])
    )
    assert formstore.installed_form_problems(package) == {}
    assert [f.form_id for f in formstore.installed_forms(package)] == [
        "case_audit",
        "visit_log",
    ]
