"""Every workbook in the corpus (tests/data) either loads or is refused with a message why."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncpi_field.xlsform.check import check_form

# The outcome for each corpus file: "loads", or "refused: <fragment of the first problem>".
EXPECTED: dict[str, str] = {
    "LICENSE.pyxform": "refused: is not an XLSForm",
    "README.md": "refused: is not an XLSForm",
    "attribute_columns_test.xlsx": 'refused: row 34, column "type": "geopoint" is not supported',
    "bad_calc.xlsx": 'refused: row 2, column "calculation": The expression does not parse',
    "case_insensitivity.md": 'refused: "select_one_external c1" is not supported',
    "case_insensitivity.xlsx": 'refused: "select_one_external c1" is not supported',
    "choice_filter_test.xlsx": "loads",
    "extra_columns.xlsx": "loads",
    "extra_sheet_names.xlsx": "loads",
    "field-list.xlsx": "loads",
    "flat_xlsform_test.xlsx": 'refused: row 34, column "type": "geopoint" is not supported',
    "group.md": 'refused: "phone number" is not supported',
    "group.xlsx": 'refused: "phone number" is not supported',
    "include.md": 'refused: row 3, column "type": "include" is not supported',
    "include.xlsx": 'refused: row 3, column "type": "include" is not supported',
    "include_json.md": 'refused: row 2, column "type": "include" is not supported',
    "include_json.xlsx": 'refused: row 2, column "type": "include" is not supported',
    "loop.md": 'refused: "begin loop over toilet_type" is not supported',
    "loop.xlsx": 'refused: "begin loop over toilet_type" is not supported',
    # 'pastel=yes' compares with a node named yes, so the filter would never match anything.
    "or_other.xlsx": 'refused: choice filter names "yes", which is not a column',
    "pull_data.xlsx": "refused: unknown function 'pulldata()'",
    "specify_other.md": "loads",
    "specify_other.xlsx": "loads",
    "survey_no_name.xlsx": "loads",
    "text_and_integer.md": "loads",
    "text_and_integer.xlsx": "loads",
    "xlsform_spec_test.xlsx": 'refused: row 34, column "type": "geopoint" is not supported',
    "yes_or_no_question.md": "loads",
    "yes_or_no_question.xlsx": "loads",
}


def corpus(data_dir: Path) -> Path:
    return data_dir / "xlsform-corpus"


def test_the_table_names_every_corpus_file(data_dir: Path) -> None:
    on_disk = {path.name for path in corpus(data_dir).iterdir() if path.is_file()}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_outcome(data_dir: Path, name: str) -> None:
    result = check_form(corpus(data_dir) / name)
    expected = EXPECTED[name]
    if expected == "loads":
        assert result.problems == []
        assert result.spec is not None
        assert result.spec.sha256
    else:
        fragment = expected.removeprefix("refused: ")
        assert result.spec is None
        assert result.problems, "a refused form must say why"
        assert fragment in str(result.problems[0])


def test_a_path_and_its_bytes_give_the_same_spec(data_dir: Path) -> None:
    path = corpus(data_dir) / "choice_filter_test.xlsx"
    by_path = check_form(path).spec
    by_bytes = check_form(path.read_bytes(), file_name=path.name).spec
    assert by_path is not None
    assert by_path == by_bytes


def test_markdown_and_xlsx_of_one_form_agree_apart_from_the_hash(data_dir: Path) -> None:
    from_md = check_form(corpus(data_dir) / "specify_other.md").spec
    from_xlsx = check_form(corpus(data_dir) / "specify_other.xlsx").spec
    assert from_md is not None
    assert from_xlsx is not None
    assert from_md.children == from_xlsx.children
    assert from_md.choices == from_xlsx.choices
    assert from_md.sha256 != from_xlsx.sha256


def test_choice_filter_corpus_form_keeps_extra_choice_columns(data_dir: Path) -> None:
    spec = check_form(corpus(data_dir) / "choice_filter_test.xlsx").spec
    assert spec is not None
    assert spec.form_id == "cascading_selects1"
    county = spec.node("county")
    assert county.bind.choice_filter == "${state}=cf"
    pierce = [c for c in spec.choices["counties"].choices if c.name == "pierce"]
    assert pierce[0].columns == {"cf": "washington"}


def test_a_form_without_settings_is_named_after_its_file(data_dir: Path) -> None:
    spec = check_form(corpus(data_dir) / "text_and_integer.xlsx").spec
    assert spec is not None
    assert (spec.form_id, spec.version) == ("text_and_integer", "")
    assert spec.languages == ("english",)
    assert [q.row for q in spec.questions()] == [2, 3]
