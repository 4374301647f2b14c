"""The reader: what a checked XLSForm becomes as a FormSpec, and what it refuses, row by row."""

from __future__ import annotations

import hashlib

import pytest
from xlsform_mdforms import form

from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.problems import FormRejected, Problem, from_pyxform, from_pyxform_all
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.spec import Group, Question

HEADER = (
    "type",
    "name",
    "label::English (en)",
    "label::Welsh (cy)",
    "hint::English (en)",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "required",
    "calculation",
    "choice_filter",
    "default",
    "repeat_count",
    "appearance",
)


def row(type_: str, name: str, en: str = "", cy: str = "", **columns: str) -> list[str]:
    cells = dict.fromkeys(HEADER, "")
    cells.update({"type": type_, "name": name, "label::English (en)": en, "label::Welsh (cy)": cy})
    cells.update({key.replace("__", "::"): value for key, value in columns.items()})
    return [cells[column] for column in HEADER]


CHOICES = [
    ["yes_no", "yes", "Yes", "Ie", ""],
    ["yes_no", "no", "No", "Na", ""],
    ["grades", "good", "Good", "Da", "2024"],
    ["grades", "inadequate", "Inadequate", "Annigonol", "2020"],
]
CHOICE_HEADER = ("list_name", "name", "label::English (en)", "label::Welsh (cy)", "framework")

AUDIT_FORM = form(
    [
        row("start", "started"),
        row("text", "audit_ref", "Audit reference", "Cyfeirnod", required="yes"),
        row("integer", "children", "Children in case", "Plant", constraint=". >= 1"),
        row("select_one yes_no", "risk", "Immediate risk?", "Risg?"),
        row(
            "select_multiple grades",
            "grade",
            "Grade",
            "Gradd",
            relevant="${risk} = 'yes'",
            choice_filter="framework = '2024'",
        ),
        row("select_one yes_no or_other", "agreed", "Agreed?", "Cytuno?"),
        row(
            "select_multiple_from_file ncpi_records.csv",
            "evidence",
            "Evidence",
            "Tystiolaeth",
            choice_filter="kind='case_audit' or kind='observation'",
        ),
        row("begin repeat", "stages", "Stages", "Camau", repeat_count="${children}"),
        row("date", "stage_month", "Month", "Mis"),
        row("calculate", "double", calculation="${children} * 2"),
        row("end repeat", ""),
        row("begin group", "close", "Closing", "Cloi", appearance="field-list"),
        row("note", "summary", "Ref ${audit_ref}", "Cyf"),
        row("acknowledge", "seen", "Seen", "Gwelwyd"),
        row("decimal", "score", "Score", "Sgôr", default="2.5"),
        row("time", "at", "Time", "Amser"),
        row("dateTime", "when", "When", "Pryd"),
        row("hidden", "secret_flag"),
        row("end group", ""),
        row("today", "day"),
    ],
    header=HEADER,
    choices=CHOICES,
    choice_header=CHOICE_HEADER,
    settings=[["case_audit", "2024.3", "English (en)"]],
    settings_header=("form_id", "version", "default_language"),
)


def test_a_full_form_reads_into_a_spec() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    assert (spec.form_id, spec.version) == ("case_audit", "2024.3")
    assert spec.sha256 == hashlib.sha256(AUDIT_FORM).hexdigest()
    assert spec.languages == ("English (en)", "Welsh (cy)")
    assert spec.default_language == "English (en)"
    kinds = {q.name: q.kind for q in spec.questions()}
    assert kinds == {
        "audit_ref": "text",
        "children": "integer",
        "risk": "select_one",
        "grade": "select_multiple",
        "agreed": "select_one",
        "agreed_other": "text",
        "evidence": "evidence",
        "stage_month": "date",
        "double": "calculate",
        "summary": "note",
        "seen": "acknowledge",
        "score": "decimal",
        "at": "time",
        "when": "dateTime",
        "secret_flag": "hidden",
    }


def test_rows_labels_and_binds_are_kept() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    audit_ref = spec.node("audit_ref")
    assert isinstance(audit_ref, Question)
    assert audit_ref.row == 3
    assert audit_ref.label.get("Welsh (cy)") == "Cyfeirnod"
    assert audit_ref.bind.required == "true()"
    grade = spec.node("grade")
    assert isinstance(grade, Question)
    assert (grade.row, grade.list_name) == (6, "grades")
    assert grade.bind.relevant == "${risk} = 'yes'"
    assert grade.bind.choice_filter == "framework = '2024'"
    assert spec.choices["grades"].choices[0].columns == {"framework": "2024"}
    assert spec.choices["grades"].label_of("inadequate", "Welsh (cy)") == "Annigonol"
    score = spec.node("score")
    assert score.bind.default == "2.5"


def test_or_other_adds_a_text_question_on_the_same_row() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    other = spec.node("agreed_other")
    assert isinstance(other, Question)
    assert other.row == spec.node("agreed").row == 7
    assert other.bind.relevant == "selected(${agreed}, 'other')"
    assert "other" in [choice.name for choice in spec.choices["yes_no"].choices]


def test_evidence_questions_have_no_choice_list() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    evidence = spec.node("evidence")
    assert isinstance(evidence, Question)
    assert evidence.list_name is None
    assert evidence.bind.choice_filter == "kind='case_audit' or kind='observation'"


def test_groups_and_repeats_nest_with_their_rows() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    stages = spec.node("stages")
    assert isinstance(stages, Group)
    assert (stages.repeat, stages.repeat_count, stages.row) == (True, "${children}", 9)
    assert [child.name for child in stages.children] == ["stage_month", "double"]
    assert spec.repeat_of("double") is stages
    close = spec.node("close")
    assert isinstance(close, Group)
    assert (close.repeat, close.appearance) == (False, "field-list")


def test_start_and_today_are_dropped_and_pyxform_meta_is_not_a_node() -> None:
    spec = read_form(AUDIT_FORM, file_name="case_audit.md")
    names = {node.name for _parents, node in spec.walk()}
    assert not names & {"started", "day", "meta", "instanceID"}


@pytest.mark.parametrize(
    "type_",
    [
        "geopoint",
        "geotrace",
        "geoshape",
        "image",
        "audio",
        "video",
        "file",
        "barcode",
        "background-audio",
        "start-geopoint",
        "xml-external",
        "trigger",
        "audit",
        "username",
        "phonenumber",
        "rank yes_no",
        "select_one_external yes_no",
        "select_one_from_file cities.geojson",
        "select_one_from_file ncpi_records.csv",
        "begin loop over yes_no",
        "wibble",
    ],
)
def test_unsupported_types_are_refused_naming_sheet_row_column_and_type(type_: str) -> None:
    data = form(
        [["text", "a", "A"], ["integer", "b", "B"], [type_, "c", "C"]],
        choices=[["yes_no", "yes", "Yes"]],
    )
    result = check_form(data, file_name="f.md")
    assert result.spec is None
    first = result.problems[0]
    assert (first.sheet, first.row, first.column) == ("survey", 4, "type")
    assert f'"{type_}" is not supported by NCPI Field' in first.message
    assert first.fix == "Remove the row or use a supported type."


def test_geopoint_message_reads_as_the_brief_shows() -> None:
    data = form([["text", "a", "A"]] * 0 + [["geopoint", "where", "Where"]])
    (problem,) = check_form(data, file_name="f.md").problems
    assert str(problem) == (
        'survey sheet, row 2, column "type": "geopoint" is not supported by NCPI Field (by '
        "policy: it records location, which an inspection never collects). Remove the row or "
        "use a supported type."
    )


def test_every_refused_row_is_reported_at_once() -> None:
    data = form([["geopoint", "a", "A"], ["text", "b", "B"], ["image", "c", "C"]])
    rows = [p.row for p in check_form(data, file_name="f.md").problems]
    assert rows == [2, 4]


def test_a_name_used_in_two_groups_is_keyed_by_its_path() -> None:
    data = form(
        [
            ["begin group", "g", "G"],
            ["text", "note_text", "A"],
            ["end group", "", ""],
            ["begin group", "h", "H"],
            ["text", "note_text", "B"],
            ["end group", "", ""],
            ["text", "other", "C"],
        ]
    )
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    keys = [(node.name, node.row) for node in spec.questions()]
    assert keys == [("g/note_text", 3), ("h/note_text", 6), ("other", 8)]


def test_a_name_used_twice_in_one_group_is_refused() -> None:
    data = form(
        [
            ["begin group", "g", "G"],
            ["text", "note_text", "A"],
            ["text", "note_text", "B"],
            ["end group", "", ""],
        ]
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert (problem.row, problem.column) == (4, "name")
    assert "must be unique within their nearest parent group" in problem.message


def test_expression_that_does_not_parse_names_its_column() -> None:
    data = form([["integer", "a", "A", "(. > 1"]], header=("type", "name", "label", "constraint"))
    (problem,) = check_form(data, file_name="f.md").problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 2, "constraint")
    assert "does not parse" in problem.message


def test_unknown_function_is_refused() -> None:
    data = form(
        [["integer", "a", "A", "frobnicate(.) > 1"]], header=("type", "name", "label", "constraint")
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert problem.column == "constraint"
    assert "unknown function 'frobnicate()'" in problem.message


def test_reference_to_a_missing_field_is_refused() -> None:
    data = form(
        [["integer", "a", "A", "${nowhere} > 1"]], header=("type", "name", "label", "relevant")
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert problem.row == 2
    assert "nowhere" in problem.message


def test_reference_to_an_ignored_metadata_row_says_so() -> None:
    data = form(
        [["start", "began", ""], ["integer", "a", "A", "${began} != ''"]],
        header=("type", "name", "label", "relevant"),
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert "metadata row NCPI Field ignores" in problem.message


def test_choice_filter_may_only_name_columns_of_its_list() -> None:
    data = form(
        [["select_one grades", "g", "G", "band = 'x'"]],
        header=("type", "name", "label", "choice_filter"),
        choices=[["grades", "good", "Good", "2024"]],
        choice_header=("list_name", "name", "label", "framework"),
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert problem.column == "choice_filter"
    assert '"band"' in problem.message


def test_evidence_filter_may_only_name_record_columns() -> None:
    data = form(
        [["select_multiple_from_file ncpi_records.csv", "ev", "Ev", "colour = 'red'"]],
        header=("type", "name", "label", "choice_filter"),
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert '"colour"' in problem.message


def test_evidence_filter_may_only_name_record_kinds() -> None:
    data = form(
        [["select_multiple_from_file ncpi_records.csv", "ev", "Ev", "kind = 'case_audti'"]],
        header=("type", "name", "label", "choice_filter"),
    )
    kinds = ("case_audit", "reality_test", "observation", "debrief")
    assert check_form(data, file_name="f.md").problems == []  # alone, kinds are unknown
    (problem,) = check_form(data, file_name="f.md", record_kinds=kinds).problems
    assert "'case_audti', which no record has" in problem.message
    assert "case_audit, reality_test, observation" in problem.fix


def test_a_bare_name_outside_a_choice_filter_is_a_note_not_a_refusal() -> None:
    # JavaRosa reads it as a path to a child that does not exist: an empty node-set.
    data = form(
        [["text", "a", "A", ""], ["text", "b", "B", "a = 'x'"]],
        header=("type", "name", "label", "relevant"),
    )
    result = check_form(data, file_name="f.md")
    assert result.problems == []
    (note,) = result.notes
    assert (note.row, note.column) == (3, "relevant")
    assert "write ${a}" in note.fix


def test_duplicate_choice_names_are_refused() -> None:
    data = form(
        [["select_one l", "a", "A"]],
        choices=[["l", "x", "X"], ["l", "x", "Y"]],
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert (problem.sheet, problem.row) == ("choices", 3)
    assert "unique" in problem.message


def test_a_select_naming_a_missing_list_is_refused() -> None:
    data = form([["select_one nolist", "a", "A"]], choices=[["other", "x", "X"]])
    problems = check_form(data, file_name="f.md").problems
    assert problems
    assert "nolist" in str(problems[0])


def test_form_id_defaults_to_the_file_stem_and_settings_win() -> None:
    plain = form([["text", "a", "A"]])
    assert read_form(plain, file_name="reality_test.xlsx").form_id == "reality_test"
    named = form([["text", "a", "A"]], settings=[["observation", "7"]])
    spec = read_form(named, file_name="whatever.md")
    assert (spec.form_id, spec.version) == ("observation", "7")


def test_bytes_without_a_name_or_form_id_are_refused() -> None:
    result = check_form(form([["text", "a", "A"]]))
    assert [p.column for p in result.problems] == ["form_id"]


def test_read_form_raises_form_rejected_with_every_problem() -> None:
    data = form([["geopoint", "a", "A"], ["image", "b", "B"]])
    with pytest.raises(FormRejected) as caught:
        read_form(data, file_name="f.md")
    assert len(caught.value.problems) == 2
    assert "and 1 more problem" in str(caught.value)


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: object) -> None:
    result = check_form(f"{tmp_path}/absent.xlsx")
    assert result.spec is None
    assert "could not be read" in result.problems[0].message


def test_pyxform_row_prefix_moves_into_the_row_field() -> None:
    problem = from_pyxform(
        "[row : 5] On the 'choices' sheet, the 'name' value is invalid. Learn more: https://x.org"
    )
    assert problem == Problem("choices", 5, "name", "The 'name' value is invalid.")


def test_a_pyxform_message_of_several_rows_is_one_problem_per_row() -> None:
    message = (
        "[row : 3] On the 'choices' sheet, the 'name' value is invalid. Learn more: https://x.org\n"
        "[row : 5] On the 'choices' sheet, the 'name' value is invalid. Learn more: https://x.org"
    )
    assert from_pyxform_all(message) == [
        Problem("choices", 3, "name", "The 'name' value is invalid."),
        Problem("choices", 5, "name", "The 'name' value is invalid."),
    ]
    assert from_pyxform_all("No row here.") == [Problem("", 0, "", "No row here.")]


@pytest.mark.parametrize("calculation", [". + 1", "${total} + 1", "concat(., 'x')"])
def test_a_calculation_that_reads_itself_is_a_cycle(calculation: str) -> None:
    data = form(
        [["integer", "a", "A", ""], ["calculate", "total", "", calculation]],
        header=("type", "name", "label", "calculation"),
    )
    (problem,) = check_form(data, file_name="f.md").problems
    assert (problem.row, problem.column) == (3, "calculation")
    assert "refers to its own value" in problem.message


@pytest.mark.parametrize(
    ("column", "what"),
    [
        ("relevant", "relevant condition"),
        ("required", "required condition"),
        ("read_only", "read only condition"),
    ],
)
def test_a_condition_that_reads_itself_is_a_cycle(column: str, what: str) -> None:
    data = form([["integer", "count", "C", ". > 10"]], header=("type", "name", "label", column))
    (problem,) = check_form(data, file_name="f.md").problems
    assert (problem.row, problem.column) == (2, column)
    assert f"The {what} refers to its own value" in problem.message


def test_a_constraint_reading_itself_is_no_cycle() -> None:
    data = form(
        [["integer", "a", "A", ". > 0"], ["text", "b", "B", ". != ''"]],
        header=("type", "name", "label", "constraint"),
    )
    assert check_form(data, file_name="f.md").problems == []


def test_names_clashing_inside_repeats_are_keyed_by_path_and_answered_apart() -> None:
    data = form(
        [
            ["begin repeat", "visit", "Visit"],
            ["text", "outcome", "Outcome"],
            ["end repeat", "", ""],
            ["begin group", "summary", "Summary"],
            ["text", "outcome", "Overall outcome"],
            ["end group", "", ""],
        ]
    )
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    assert [(q.name, q.row) for q in spec.questions()] == [
        ("visit/outcome", 3),
        ("summary/outcome", 6),
    ]
    answers = {"visit": [{"visit/outcome": "a"}, {"visit/outcome": "b"}], "summary/outcome": "c"}
    state = FormState(spec, answers)
    assert state.value("visit/outcome", 1) == "b"
    assert state.stored_answers() == answers


def test_a_form_without_clashes_keeps_its_names() -> None:
    data = form([["begin group", "g", "G"], ["text", "a", "A"], ["end group", "", ""]])
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    assert [node.name for _parents, node in spec.walk()] == ["g", "a"]


def test_a_label_showing_a_refused_row_is_reported_but_one_showing_metadata_is_not() -> None:
    data = form(
        [
            ["start", "began", ""],
            ["geopoint", "where", "Where"],
            ["note", "n1", "Started at ${began}"],
            ["note", "n2", "Found at ${where}"],
        ]
    )
    problems = check_form(data, file_name="f.md").problems
    assert [(p.row, p.column) for p in problems] == [(3, "type"), (5, "label")]
    assert "a row that cannot be used (row 3 is refused)" in problems[1].message


def test_a_clashing_select_with_or_other_shows_each_other_on_its_own_select() -> None:
    data = form(
        [
            ["begin group", "g1", "G1"],
            ["select_one yn or_other", "q", "Q"],
            ["end group", "", ""],
            ["begin group", "g2", "G2"],
            ["select_one yn or_other", "q", "Q"],
            ["end group", "", ""],
        ],
        choices=[["yn", "y", "Y"], ["yn", "n", "N"]],
    )
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    assert [q.name for q in spec.questions()] == ["g1/q", "g1/q_other", "g2/q", "g2/q_other"]
    state = FormState(spec, {"g1/q": "other", "g2/q": "y"})
    assert state.relevant("g1/q_other")
    assert not state.relevant("g2/q_other")
