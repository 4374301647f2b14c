"""The form view, drawn from each instrument's spec: every question reachable and editable."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

import pytest
from form_helpers import WindowsShown, add_every_repeat, edit, typed_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from ncpi_field import formstore
from ncpi_field.formstore import installed_forms, installed_spec
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import NON_INPUT_KINDS, FormSpec, Group, Node, Question
from ui.form_view.questions import QuestionField
from ui.form_view.session import Head
from ui.form_view.view import FormView

INSTRUMENTS = sorted(form.form_id for form in installed_forms())
EVIDENCE = [("rec-1", "CA-001 — Case audit"), ("rec-2", "RT-002 — Reality test")]


def open_view(qtbot: QtBot, spec: FormSpec) -> FormView:
    view = FormView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.open_state(lambda: None, FormState.new(spec), Head(), evidence=lambda: EVIDENCE)
    view.show()
    view.finish_building()
    return view


def every_branch_open(spec: FormSpec) -> FormSpec:
    """The spec with its relevance and choice filters dropped: every question shows, with
    every choice, so the walk below reaches each one whatever the branches would need."""

    def opened(node: Node) -> Node:
        bind = dataclasses.replace(node.bind, relevant=None, choice_filter=None)
        if isinstance(node, Group):
            return dataclasses.replace(
                node, bind=bind, children=tuple(opened(c) for c in node.children)
            )
        return dataclasses.replace(node, bind=bind)

    return dataclasses.replace(spec, children=tuple(opened(c) for c in spec.children))


def assert_typed_as_is(field: QuestionField, value: object) -> None:
    """What was typed key by key is what the form holds (no key lost to a rewrite)."""
    if isinstance(field.editor, QLineEdit | QPlainTextEdit):
        assert str(value) == typed_for(field), field.question.name


@pytest.mark.parametrize("form_id", INSTRUMENTS)
def test_every_question_of_every_instrument_is_reachable_and_editable(
    qtbot: QtBot, form_id: str
) -> None:
    spec = every_branch_open(installed_spec(form_id))
    view = open_view(qtbot, spec)
    add_every_repeat(view)
    assert view.body is not None
    state = view.session.state if view.session else None
    assert state is not None
    for question in spec.questions():
        fields = view.body.fields.get(question.name, [])
        assert fields, f"{question.name} has no widget"
        if question.kind in NON_INPUT_KINDS:
            continue
        field = fields[0]
        assert field.isVisibleTo(view.body), question.name
        edit(qtbot, field)
        assert state.value(question.name, field.instance) not in (None, "", []), question.name
        assert_typed_as_is(field, state.value(question.name, field.instance))


@pytest.mark.parametrize("form_id", INSTRUMENTS)
def test_top_level_groups_are_the_table_of_contents(qtbot: QtBot, form_id: str) -> None:
    spec = installed_spec(form_id)
    view = open_view(qtbot, spec)
    groups = [n.name for n in spec.children if isinstance(n, Group) and not n.repeat]
    shown = [view.toc_model.index(r, 0).data() for r in range(view.toc_model.rowCount())]
    assert len(shown) == len(groups)
    assert shown[0] == spec.node(groups[0]).label.get(spec.default_language)


def test_section_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: object) -> None:
    view = open_view(qtbot, installed_spec("case_audit"))
    qtmodeltester.check(view.toc_model)  # type: ignore[attr-defined]


def test_relevance_hides_and_shows_only_what_the_answer_changes(qtbot: QtBot) -> None:
    spec = installed_spec("case_audit")
    view = open_view(qtbot, spec)
    assert view.body is not None
    state = view.session.state if view.session else None
    assert state is not None
    relevant_rule = next(q for q in spec.questions() if q.bind.relevant and "${" in q.bind.relevant)
    hidden_before = {
        f.question.name for f in view.body.all_fields() if not f.isVisibleTo(view.body)
    }
    assert hidden_before, "a blank case audit hides its conditional questions"
    assert relevant_rule.name in hidden_before or state.relevant(relevant_rule.name)
    # Every field's visibility agrees with the state, after any edit.
    for field in view.body.all_fields()[:30]:
        if field.question.kind == "select_one" and field.isVisibleTo(view.body):
            edit(qtbot, field)
    body = view.body
    qtbot.waitUntil(lambda: not body.settling)  # fields out of sight follow a frame or two
    for field in view.body.all_fields():
        expected = field.question.kind != "hidden" and state.relevant(
            field.question.name, field.instance
        )
        assert field.isVisibleTo(view.body) == expected, field.question.name


def test_required_and_constraint_messages_sit_beside_the_field(qtbot: QtBot) -> None:
    spec = installed_spec("reality_test")
    view = open_view(qtbot, spec)
    assert view.body is not None
    field = view.body.field("records_checked_count")
    assert field is not None
    constraint = spec.node("records_checked_count")
    assert isinstance(constraint, Question)
    view.complete()  # no vault: shows every required message, saves nothing
    first = view.body.field("rt_ref")
    assert first is not None
    assert first.message.isVisibleTo(view.body)
    rt_ref = spec.node("rt_ref")
    assert isinstance(rt_ref, Question)
    assert first.message.text() == rt_ref.bind.required_message.get(spec.default_language)
    edit(qtbot, first, "RT-009")
    assert not first.message.isVisibleTo(view.body)


def test_languages_switch_the_labels(qtbot: QtBot) -> None:
    spec = installed_spec("case_audit")
    view = open_view(qtbot, spec)
    welsh = next(lang for lang in spec.languages if lang.startswith("Welsh"))
    view.language.setCurrentIndex(view.language.findData(welsh))
    assert view.body is not None
    question = next(q for q in spec.questions() if q.label.translations.get(welsh))
    field = view.body.field(question.name)
    assert field is not None
    assert field.label.text().startswith(question.label.get(welsh))


def test_a_pii_warning_shows_beside_the_text_and_takes_a_reason(qtbot: QtBot) -> None:
    spec = installed_spec("reality_test")
    view = open_view(qtbot, spec)
    assert view.body is not None
    assert view.session is not None
    field = view.body.field("site_label")
    assert field is not None
    edit(qtbot, field, "Call 07700 900123 or write to someone@example.org")
    assert field.pii_warning.isVisibleTo(view.body)
    assert "phone" in field.pii_warning.text()
    assert "07700" not in field.pii_warning.text()
    qtbot.keyClicks(field.pii_reason, "Switchboard number, not a person")
    assert view.session.overrides["site_label"] == "Switchboard number, not a person"
    edit(qtbot, field, "North MASH")
    assert not field.pii_warning.isVisibleTo(view.body)


def test_repeat_entries_are_added_and_removed(qtbot: QtBot) -> None:
    view = open_view(qtbot, installed_spec("reality_test"))
    assert view.body is not None
    assert view.session is not None
    view.body.add_buttons["staff_engaged"][0].click()
    view.body.add_buttons["staff_engaged"][0].click()
    assert view.session.state.instances("staff_engaged") == [(0,), (1,)]
    remove = view.body.groups["staff_engaged"][0][1].findChildren(
        type(view.save_button), "removeEntry"
    )[0]
    remove.click()
    assert view.session.state.instances("staff_engaged") == [(0,)]


def test_evidence_is_chosen_from_a_searchable_list(qtbot: QtBot) -> None:
    view = open_view(qtbot, installed_spec("reality_test"))
    assert view.body is not None
    assert view.session is not None
    name = next(q.name for q in view.session.state.spec.questions() if q.kind == "evidence")
    field = view.body.fields[name][0]
    qtbot.keyClicks(field.evidence_search, "RT-002")
    shown = [
        field.evidence_list.item(r).text()
        for r in range(field.evidence_list.count())
        if not field.evidence_list.item(r).isHidden()
    ]
    assert shown == ["RT-002 — Reality test"]
    edit(qtbot, field)
    assert view.session.state.value(name, field.instance) == ["rec-1"]


def test_calculated_values_are_read_only(qtbot: QtBot) -> None:
    view = open_view(qtbot, installed_spec("case_audit"))
    assert view.body is not None
    calculated = [f for f in view.body.all_fields() if f.question.kind == "calculate"]
    assert calculated
    for field in calculated:
        assert isinstance(field.editor, QLineEdit)
        assert field.editor.isReadOnly()


def test_clear_drops_the_state_and_every_field(qtbot: QtBot) -> None:
    view = open_view(qtbot, installed_spec("case_audit"))
    view.clear()
    assert view.session is None
    assert view.body is None
    assert view.toc_model.rowCount() == 0
    assert view.form_scroll.widget() is None


@pytest.mark.parametrize("form_id", INSTRUMENTS)
def test_tab_walks_every_visible_field_in_form_order(qtbot: QtBot, form_id: str) -> None:
    view = open_view(qtbot, every_branch_open(installed_spec(form_id)))
    assert view.body is not None
    editors = [
        f.editor
        for f in view.body.all_fields()
        if f.editor is not None and f.isVisibleTo(view.body)
    ]
    assert editors
    view.activateWindow()
    editors[0].setFocus()
    qtbot.waitUntil(lambda: editors[0].hasFocus() or editors[0].isAncestorOf(view.focusWidget()))
    reached: list[object] = []
    for _step in range(len(editors) * 6):
        focused = view.focusWidget()
        owner = next((e for e in editors if e is focused or e.isAncestorOf(focused)), None)
        if owner is not None and (not reached or reached[-1] is not owner):
            reached.append(owner)
        if len(reached) == len(editors):
            break
        view.focusNextChild()
    assert reached == editors


def test_a_long_form_opens_with_its_first_section_and_builds_the_rest_after(
    qtbot: QtBot,
) -> None:
    spec = installed_spec("case_audit")
    view = FormView()
    qtbot.addWidget(view)
    view.open_state(lambda: None, FormState.new(spec), Head())
    assert view.body is not None
    assert view.body.building
    assert view.toc_model.rowCount() == 1
    qtbot.waitUntil(lambda: view.body is not None and not view.body.building)
    groups = [n for n in spec.children if isinstance(n, Group) and not n.repeat]
    assert view.toc_model.rowCount() == len(groups)
    assert all(view.body.fields.get(q.name) for q in spec.questions())


def feature_spec(data_dir: Path, workbook: str) -> FormSpec:
    """A feature workbook of tests/data (ranges, choices from files), read as the app reads it."""
    return formstore.read_form_file(data_dir / workbook)


FEATURE_WORKBOOKS = [
    "xlsform-features/clinic_triage_ranges.md",
    "xlsform-features/school_visit_from_file.md",
    "form-view/every_kind.md",
]


@pytest.mark.parametrize("workbook", FEATURE_WORKBOOKS)
def test_every_question_of_a_feature_workbook_is_reachable_and_editable(
    qtbot: QtBot, data_dir: Path, workbook: str
) -> None:
    spec = every_branch_open(feature_spec(data_dir, workbook))
    view = open_view(qtbot, spec)
    add_every_repeat(view)
    assert view.body is not None
    assert view.session is not None
    for question in spec.questions():
        fields = view.body.fields.get(question.name, [])
        assert fields, f"{question.name} has no widget"
        if question.kind in NON_INPUT_KINDS:
            continue
        edit(qtbot, fields[0])
        value = view.session.state.value(question.name, fields[0].instance)
        assert value not in (None, "", []), question.name
        assert_typed_as_is(fields[0], value)


def test_a_range_question_is_typed_as_a_number_on_its_steps(qtbot: QtBot, data_dir: Path) -> None:
    spec = feature_spec(data_dir, FEATURE_WORKBOOKS[0])
    view = open_view(qtbot, spec)
    assert view.body is not None
    assert view.session is not None
    state = view.session.state
    pain = view.body.fields["pain"][0]
    assert isinstance(pain.editor, QLineEdit)
    assert pain.editor.placeholderText() == "0 to 10"
    edit(qtbot, pain, "7")
    assert state.value("pain") == 7
    hours = view.body.fields["wait_hours"][0]
    assert isinstance(hours.editor, QLineEdit)
    assert hours.editor.placeholderText() == "0 to 12, in steps of 0.5"
    edit(qtbot, hours, "2.25")  # between the steps: the form says so beside the field
    assert state.value("wait_hours") == 2.25
    assert hours.message.isVisibleTo(view.body)
    edit(qtbot, hours, "2.5")
    assert not hours.message.isVisibleTo(view.body)


def test_choices_from_a_file_are_offered_and_filtered(qtbot: QtBot, data_dir: Path) -> None:
    spec = feature_spec(data_dir, FEATURE_WORKBOOKS[1])
    view = open_view(qtbot, spec)
    assert view.body is not None
    district = view.body.fields["district"][0]
    school = view.body.fields["school"][0]
    assert isinstance(district.editor, QComboBox)
    assert isinstance(school.editor, QComboBox)
    assert school.editor.count() == 1, "no school is offered before a district is chosen"
    edit(qtbot, district)  # the first district in districts.xml: north
    assert district.editor.currentData() == "north"
    offered = [school.editor.itemData(i) for i in range(1, school.editor.count())]
    assert offered == ["S101", "S102"]  # schools.csv's rows with district_code north


@pytest.mark.parametrize("form_id", INSTRUMENTS)
def test_building_a_form_never_shows_a_window_of_its_own(qtbot: QtBot, form_id: str) -> None:
    view = FormView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    spy = WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        view.open_state(lambda: None, FormState.new(installed_spec(form_id)), Head())
        qtbot.waitUntil(lambda: view.body is not None and not view.body.building)
        add_every_repeat(view)
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == []
    assert view.isActiveWindow()


def test_a_built_form_is_kept_out_of_full_collections_until_it_closes(qtbot: QtBot) -> None:
    view = FormView()
    qtbot.addWidget(view)
    view.open_state(lambda: None, FormState.new(installed_spec("case_audit")), Head())
    assert gc.get_freeze_count() == 0
    view.finish_building()
    assert gc.get_freeze_count() > 0
    view.clear()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("workbook", FEATURE_WORKBOOKS)
def test_every_control_of_every_kind_has_an_accessible_name(
    qtbot: QtBot, data_dir: Path, workbook: str
) -> None:
    """Ranges, choices from files, every kind, repeat entries and override reasons shown."""
    view = open_view(qtbot, every_branch_open(feature_spec(data_dir, workbook)))
    add_every_repeat(view)
    assert view.body is not None
    typed = [f for f in view.body.all_fields() if isinstance(f.editor, QLineEdit)]
    typed = [f for f in typed if f.question.kind == "text"]
    for field in typed:
        edit(qtbot, field, "Call 07700 900123")  # the override reason box shows
    assert all(f.pii_reason.isVisibleTo(view) for f in typed)
    unnamed = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in view.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(view)
        and not w.accessibleName()
    ]
    assert unnamed == []
