"""The feature workbooks: each one's verdict from pyxform recorded beside ours, and checked."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path

import pytest
from pyxform.builder import create_survey_element_from_dict
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from ncpi_field.xlsform.attachments import definition_bytes, is_bundle
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.validate import validate

# name -> (pyxform's verdict, ours). pyxform does not open attachments nor resolve instance()
# names (ODK Validate and Collect fail on them later, when the form is opened); we refuse them
# when the form is checked, each with its row.
EXPECTED: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "clinic_triage_ranges.md": ("accepts", "loads"),
    "school_visit_from_file.md": ("accepts", "loads"),
    "household_roster_indexed.md": ("accepts", "loads"),
    # pyxform stops at the first bad range row; we name each.
    "bad_range_step.md": (
        "refuses: the parameter 'step' must not be '0'",
        (
            'refused: row 2, column "parameters": The range step is 0',
            'refused: row 3, column "parameters": The range step (5) is wider than the range '
            "from 0 to 2",
        ),
    ),
    "referral_missing_file.md": (
        "accepts",
        'refused: row 2, column "type": The choice file "services.csv" is not attached',
    ),
    "bad_lookup_list.md": (
        "accepts",
        "refused: row 3, column \"calculation\": The expression looks up instance('outcomes')",
    ),
}


@pytest.fixture
def features(data_dir: Path) -> Path:
    return data_dir / "xlsform-features"


def _pyxform_verdict(path: Path) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheets = get_xlsform(path.read_bytes(), file_type=".md")
            form = workbook_to_json(workbook_dict=sheets, fallback_form_name="f", warnings=[])
            create_survey_element_from_dict(form).xml()
    except Exception as exc:  # pyxform's verdict, whatever it raises
        return f"refuses: {exc}"
    return "accepts"


def test_the_table_names_every_feature_workbook(features: Path) -> None:
    assert {path.name for path in features.glob("*.md")} - {"README.md"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_feature_workbook_verdicts(features: Path, name: str) -> None:
    theirs, ours = EXPECTED[name]
    pyxform_verdict = _pyxform_verdict(features / name)
    if theirs == "accepts":
        assert pyxform_verdict == "accepts"
    else:
        assert theirs.removeprefix("refuses: ") in pyxform_verdict
    result = check_form(features / name)
    if ours == "loads":
        assert result.problems == []
        assert result.spec is not None
    else:
        assert result.spec is None
        fragments = (ours,) if isinstance(ours, str) else ours
        assert len(result.problems) == len(fragments)  # one clear problem a row, with its row
        for problem, fragment in zip(result.problems, fragments, strict=True):
            assert fragment.removeprefix("refused: ") in str(problem)


def test_ranges_carry_bounds_and_step(features: Path) -> None:
    spec = read_form(features / "clinic_triage_ranges.md")
    pain = spec.node("pain")
    temperature = spec.node("temperature")
    mobility = spec.node("mobility")
    assert pain.kind == "range"
    assert pain.range is not None
    assert not pain.range.decimal
    assert temperature.range is not None
    assert temperature.range.decimal
    assert str(temperature.range.step) == "0.1"
    assert mobility.range is not None
    assert (mobility.range.low, mobility.range.high) == (1, 5)
    base = {"patient_ref": "T1", "pain": 4}
    assert validate(spec, base) == []
    assert validate(spec, {**base, "temperature": "36.6", "wait_hours": 1.5, "mobility": 2}) == []
    (issue,) = validate(spec, {**base, "temperature": 36.65})
    assert issue.message == "Choose a number from 35 to 42 in steps of 0.1."
    (issue,) = validate(spec, {**base, "pain": 11})
    assert issue.message == "Choose a number from 0 to 10."
    (issue,) = validate(spec, {**base, "pain": 2.5})
    assert issue.kind == "type"  # an integer range takes whole numbers
    (issue,) = validate(spec, {**base, "mobility": 6})
    assert issue.field == "mobility"


def test_choices_come_from_the_csv_and_xml_beside_the_workbook(features: Path) -> None:
    spec = read_form(features / "school_visit_from_file.md")
    schools = spec.choices["schools.csv#school_code/school_name"]
    assert [c.name for c in schools.choices] == ["S101", "S102", "S201"]
    assert schools.label_of("S201") == "Marsh Lane Infants, Annexe"
    assert [c.name for c in spec.choices["districts.xml"].choices] == ["north", "south"]
    state = FormState(spec, {"district": "north", "school": "S102", "visit_kind": "announced"})
    assert [c.name for c in state.choices("school")] == ["S101", "S102"]  # filtered by district
    assert state.value("school_phase") == "secondary"  # instance('schools') lookup
    assert state.value("school_label") == "Hilltop Academy"  # jr:choice-name on a file list
    assert state.value("facility_count") == "3"
    assert state.value("visit_kind_label") == "Announced"
    state.set_answer("school", "S101")
    assert state.value("school_phase") == "primary"
    (issue,) = validate(spec, {"district": "north", "school": "S201"})
    assert (issue.field, issue.kind) == ("school", "choice")


def test_the_definition_holds_its_attachments_and_its_hash_covers_them(
    features: Path, tmp_path: Path
) -> None:
    for name in ("school_visit_from_file.md", "schools.csv", "districts.xml", "facilities.csv"):
        shutil.copy(features / name, tmp_path / name)
    workbook = tmp_path / "school_visit_from_file.md"
    data = definition_bytes(workbook, workbook.read_bytes())
    assert is_bundle(data)
    checked = check_form(workbook).spec
    assert checked is not None
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    # The bundle alone, away from the folder, gives the same spec: self-contained.
    from_bundle = read_form(data, file_name=workbook.name)
    assert from_bundle == checked
    with (tmp_path / "schools.csv").open("a") as csv_file:
        csv_file.write("S301,Quayside Primary,south,primary\n")
    changed = check_form(workbook).spec
    assert changed is not None
    assert changed.sha256 != checked.sha256
    assert (
        changed.choices["schools.csv#school_code/school_name"].label_of("S301")
        == "Quayside Primary"
    )


def test_a_workbook_without_attachments_is_kept_as_itself(features: Path) -> None:
    path = features / "clinic_triage_ranges.md"
    assert definition_bytes(path, path.read_bytes()) == path.read_bytes()
    spec = check_form(path).spec
    assert spec is not None
    assert spec.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_indexed_repeat_reads_one_entry(features: Path) -> None:
    spec = read_form(features / "household_roster_indexed.md")
    answers = {
        "member_count": 2,
        "member": [{"first_name": "Ana", "age": 41}, {"first_name": "Ben", "age": 12}],
    }
    state = FormState(spec, answers)
    assert state.value("first_member_age") == "41"
    assert state.value("second_member_name") == "Ben"
    state.set_answer("age", 39, 0)
    assert state.value("first_member_age") == "39"  # recomputed through the dependency graph
    state.remove_instance("member", 1)
    assert state.value("second_member_name") == ""
