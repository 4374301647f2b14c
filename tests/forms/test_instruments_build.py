"""The shipped instrument workbooks: they convert, match their sources and keep the conventions."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from forms.source import INSTRUMENTS, Instrument, build
from forms.source.model import ENGLISH, WELSH
from forms.source.question_bank import BANK, STAGES
from forms.source.scales import BOTH_FRAMEWORKS, FRAMEWORK_2020, FRAMEWORK_2024, FRAMEWORK_FILTER
from ncpi_field import formstore
from ncpi_field.xpath import parse, references
from ncpi_field.xpath.nodes import Call, walk

EVIDENCE_FORMS = ("case_audit", "reality_test", "observation", "debrief")
FORM_IDS = (*EVIDENCE_FORMS, "inspection")
# The one field that asks for a name: the inspection team's own, as they choose to appear.
TEAM_NAME_FIELDS = {("inspection", "member_name")}
EXPRESSION_COLUMNS = ("relevant", "constraint", "required", "calculation", "choice_filter")
ALLOWED_FUNCTIONS = frozenset({
    "selected", "count-selected", "selected-at", "jr:choice-name", "if", "coalesce", "concat",
    "join", "string-length", "substr", "contains", "starts-with", "ends-with", "regex",
    "normalize-space", "translate", "string", "number", "int", "round", "floor", "ceiling", "abs",
    "pow", "min", "max", "sum", "count", "today", "now", "date", "decimal-date-time",
    "format-date", "boolean-from-string", "not", "true", "false", "position", "once", "uuid",
})  # fmt: skip
# Direct identifiers DOMAIN.md §9 rule 1 keeps out of every form field.
IDENTIFIER_WORDS = (
    "name",
    "dob",
    "birth",
    "address",
    "postcode",
    "phone",
    "email",
    "pnc",
    "crime_number",
    "custody_number",
    "force_case_ref",
)
GRADE_LISTS = ("case_grade", "case_stage_grade", "force_grade_5")

by_id = {instrument.form_id: instrument for instrument in INSTRUMENTS}
params = pytest.mark.parametrize("form_id", FORM_IDS)
evidence_params = pytest.mark.parametrize("form_id", EVIDENCE_FORMS)


def shipped(form_id: str) -> Path:
    return build.FORMS_DIR / f"{form_id}.xlsx"


def sheet_dicts(form_id: str, sheet: str) -> list[dict[str, str]]:
    header, *rows = build.read_sheets(shipped(form_id).read_bytes())[sheet]
    return [dict(zip(header, row, strict=True)) for row in rows]


def survey(form_id: str) -> list[dict[str, str]]:
    return sheet_dicts(form_id, "survey")


def questions(form_id: str) -> list[dict[str, str]]:
    return [row for row in survey(form_id) if row["name"] and not row["type"].startswith("end_")]


def expressions(form_id: str) -> list[tuple[str, str, str]]:
    """(field name, column, expression) for every expression in the survey."""
    return [
        (row["name"], column, row[column])
        for row in survey(form_id)
        for column in EXPRESSION_COLUMNS
        if row[column] and row[column] != "yes"
    ]


def test_the_four_instruments_are_registered() -> None:
    assert tuple(instrument.form_id for instrument in INSTRUMENTS) == FORM_IDS


@params
def test_converts_with_pyxform_without_warnings(form_id: str) -> None:
    warnings: list[str] = []
    result = convert(xlsform=str(shipped(form_id)), warnings=warnings)
    assert warnings == []
    assert f'id="{form_id}"' in result.xform
    assert 'lang="Welsh (cy)"' in result.xform


@params
def test_shipped_workbook_matches_its_source(form_id: str) -> None:
    built = build.read_sheets(build.workbook_bytes(by_id[form_id]))
    assert build.read_sheets(shipped(form_id).read_bytes()) == built


def test_the_build_is_byte_for_byte_repeatable(tmp_path: Path) -> None:
    first = [path.read_bytes() for path in build.build(tmp_path)]
    second = [path.read_bytes() for path in build.build(tmp_path)]
    assert first == second
    assert build.stale(tmp_path) == []


def test_check_mode_reports_a_stale_workbook(tmp_path: Path) -> None:
    build.build(tmp_path)
    (tmp_path / "debrief.xlsx").write_bytes(build.workbook_bytes(by_id["observation"]))
    assert build.stale(tmp_path) == [tmp_path / "debrief.xlsx"]


@params
def test_settings_carry_form_id_version_and_language(form_id: str) -> None:
    (settings,) = sheet_dicts(form_id, "settings")
    assert settings["form_id"] == form_id
    assert re.fullmatch(r"20[0-9]{8}", settings["version"])
    assert settings["default_language"] == ENGLISH
    assert settings["form_title"]
    assert settings["title_field"] == by_id[form_id].title_field
    # The inspection asks for the team's names on purpose; every evidence form blocks on PII.
    assert settings["pii_blocks_completion"] == ("no" if form_id == "inspection" else "yes")


def test_the_shipped_forms_check_together() -> None:
    """Each evidence filter names only kinds (form ids) of the shipped forms."""
    assert formstore.installed_form_problems() == {}
    assert [form.form_id for form in formstore.installed_forms()] == sorted(FORM_IDS)


@params
def test_no_field_is_named_like_an_identifier(form_id: str) -> None:
    offending = [
        row["name"]
        for row in questions(form_id)
        if any(word in row["name"].lower() for word in IDENTIFIER_WORDS)
        and (form_id, row["name"]) not in TEAM_NAME_FIELDS
    ]
    assert offending == []


@params
def test_free_text_about_people_asks_for_roles_only(form_id: str) -> None:
    people = [r for r in questions(form_id) if r["type"] == "text" and r["name"].endswith("_role")]
    for row in people:
        assert "no names" in row[f"hint::{ENGLISH}"].lower(), row["name"]


@params
def test_names_are_unique_in_the_form(form_id: str) -> None:
    names = Counter(row["name"] for row in questions(form_id))
    assert [name for name, n in names.items() if n > 1] == []


@params
def test_expressions_use_only_the_allowed_functions(form_id: str) -> None:
    used = {
        node.name
        for _name, _column, text in expressions(form_id)
        for node in walk(parse(text))
        if isinstance(node, Call)
    }
    assert used <= ALLOWED_FUNCTIONS, used - ALLOWED_FUNCTIONS


@params
def test_expressions_refer_only_to_fields_of_the_form(form_id: str) -> None:
    names = {row["name"] for row in questions(form_id)}
    dangling = [
        (field, column, ref)
        for field, column, text in expressions(form_id)
        for ref in references(parse(text))
        if ref not in names
    ]
    assert dangling == []


@params
def test_every_label_is_in_english(form_id: str) -> None:
    unlabelled = [
        row["name"]
        for row in questions(form_id)
        if row["type"] not in ("calculate",) and not row[f"label::{ENGLISH}"]
    ]
    assert unlabelled == []


@params
def test_section_headings_and_grade_scales_are_in_welsh(form_id: str) -> None:
    headings = [row for row in survey(form_id) if row["type"] in ("begin_group", "begin_repeat")]
    assert headings
    assert [row["name"] for row in headings if not row[f"label::{WELSH}"]] == []
    for choice in sheet_dicts(form_id, "choices"):
        if choice["list_name"] in GRADE_LISTS:
            assert choice[f"label::{WELSH}"], choice


@evidence_params
def test_evidence_links_name_only_the_records_file_and_filter_by_kind(form_id: str) -> None:
    from_file = [row for row in survey(form_id) if "_from_file" in row["type"]]
    # A case audit is what the others cite; it links to nothing itself.
    assert bool(from_file) == (form_id != "case_audit")
    for row in from_file:
        assert row["type"] == "select_multiple_from_file ncpi_records.csv"
        kinds = re.findall(r"kind='(\w+)'", row["choice_filter"])
        assert kinds
        assert set(kinds) <= {"case_audit", "reality_test", "observation"}


@evidence_params
def test_framework_areas_are_filtered_by_the_framework_version(form_id: str) -> None:
    area_rows = [row for row in survey(form_id) if row["type"].endswith(" framework_area")]
    assert area_rows
    assert all(row["choice_filter"] == FRAMEWORK_FILTER for row in area_rows)
    frameworks = {c["framework"] for c in sheet_dicts(form_id, "choices") if c["framework"]}
    assert frameworks == {FRAMEWORK_2020, FRAMEWORK_2024, BOTH_FRAMEWORKS}


def test_each_bank_item_is_asked_once_per_framework_version() -> None:
    for framework in (FRAMEWORK_2020, FRAMEWORK_2024):
        asked: Counter[int] = Counter()
        for stage in STAGES:
            if stage.framework in (framework, BOTH_FRAMEWORKS):
                asked.update(stage.items)
                if framework == FRAMEWORK_2024:
                    asked.update(stage.items_2024)
        assert asked == Counter(list(BANK)), framework


def test_every_framework_area_has_a_case_audit_block() -> None:
    areas = {c["name"] for c in sheet_dicts("case_audit", "choices") if c["framework"]}
    blocks = {r["name"] for r in survey("case_audit") if r["type"] == "begin_group"}
    assert {f"stage_{area}" for area in areas} <= blocks


def test_the_force_reference_is_held_apart() -> None:
    names = {row["name"] for row in questions("case_audit")}
    assert "audit_ref" in names
    assert not any("force_case" in name or "force_ref" in name for name in names)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=FORM_IDS)
def test_every_choice_list_the_survey_names_is_shipped(instrument: Instrument) -> None:
    shipped_lists = {c["list_name"] for c in sheet_dicts(instrument.form_id, "choices")}
    named = {
        row.type.split()[1]
        for row in instrument.survey
        if row.type.startswith(("select_one ", "select_multiple "))
    }
    assert named == shipped_lists
