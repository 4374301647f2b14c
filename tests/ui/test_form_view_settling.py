"""A change that shows or hides hundreds of fields: those in sight at once, the rest just after."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from benchmarks import bench_form_eval
from ncpi_field.xlsform.evaluate import FormState
from ui.form_view.questions import QuestionField
from ui.form_view.sections import EAGER_FIELDS, FormBody
from ui.form_view.session import Head
from ui.form_view.view import FormView


def open_long_form(qtbot: QtBot) -> FormView:
    view = FormView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    state = FormState(bench_form_eval.form(), bench_form_eval.answers(), now=bench_form_eval.NOW)
    view.open_state(lambda: None, state, Head())
    view.show()
    qtbot.waitExposed(view)
    view.finish_building()
    body = view.body
    assert body is not None
    qtbot.waitUntil(lambda: body.height() > 3 * view.height())  # laid out: places are known
    return view


def disagreeing(body: FormBody) -> list[QuestionField]:
    """Fields whose visibility is not what the state says."""
    state = body.state
    return [
        field
        for field in body.all_fields()
        if field.isVisibleTo(body)
        != (field.question.kind != "hidden" and state.relevant(field.question.name, field.instance))
    ]


def test_a_gate_shows_the_fields_in_sight_at_once_and_the_rest_after(qtbot: QtBot) -> None:
    view = open_long_form(qtbot)
    body = view.body
    assert body is not None
    view.set_answer("gate0", "no")
    assert body.settling
    qtbot.waitUntil(lambda: not body.settling)
    assert disagreeing(body) == []
    view.set_answer("gate0", "yes")  # reveals every later section's questions
    changed = disagreeing(body)
    assert len(changed) > EAGER_FIELDS, "the change is too small to be spread over frames"
    assert body.settling
    sight = body.visibleRegion().boundingRect()
    in_sight = [f for f in changed if f.isVisibleTo(body) and sight.intersects(f.geometry())]
    assert in_sight == [], "a field in sight waited for a later frame"
    qtbot.waitUntil(lambda: not body.settling)
    assert disagreeing(body) == []


def test_finishing_settles_every_field_at_once(qtbot: QtBot) -> None:
    view = open_long_form(qtbot)
    body = view.body
    assert body is not None
    view.set_answer("gate0", "no")
    view.finish_building()
    assert not body.settling
    assert disagreeing(body) == []
    view.set_answer("gate0", "yes")
    assert body.settling
    view.complete()  # no vault: shows the messages beside every field, so settles first
    assert not body.settling
    assert disagreeing(body) == []
