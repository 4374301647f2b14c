"""Hand-built form specs for the evaluator tests (the reader is tested on its own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ncpi_field.xlsform.spec import (
    Bind,
    Choice,
    ChoiceList,
    FormSpec,
    Group,
    Node,
    Question,
    QuestionKind,
    Text,
)

EN = "English (en)"
CY = "Welsh (cy)"
CLOCK = dt.datetime(2024, 5, 14, 9, 30)


def text(english: str, welsh: str | None = None) -> Text:
    return Text({EN: english, CY: welsh} if welsh else {EN: english})


def question(
    name: str, kind: QuestionKind = "text", list_name: str | None = None, **bind: Any
) -> Question:
    return Question(name, kind, text(name), Text(), Bind(**bind), row=1, list_name=list_name)


def group(name: str, *children: Node, repeat: bool = False, **bind: Any) -> Group:
    return Group(name, text(name), Bind(**bind), 1, tuple(children), repeat=repeat)


def choices(name: str, *rows: tuple[str, str, dict[str, str]]) -> ChoiceList:
    return ChoiceList(
        name,
        tuple(Choice(code, text(label, f"{label} (cy)"), columns) for code, label, columns in rows),
    )


def form(*children: Node, lists: tuple[ChoiceList, ...] = ()) -> FormSpec:
    return FormSpec(
        form_id="test_form",
        version="1",
        title=text("Test"),
        sha256="0" * 64,
        default_language=EN,
        languages=(EN, CY),
        children=children,
        choices={choice_list.name: choice_list for choice_list in lists},
    )


YES_NO = choices("yes_no", ("yes", "Yes", {}), ("no", "No", {}))
GRADES = choices(
    "grade", ("good", "Good", {}), ("ri", "Requires improvement", {}), ("inad", "Inadequate", {})
)
CATEGORIES = choices(
    "category",
    ("da", "Domestic abuse", {"framework": "2019"}),
    ("missing", "Missing children", {"framework": "2019"}),
    ("online", "Online abuse", {"framework": "2024"}),
    ("cce", "Criminal exploitation", {"framework": "2024"}),
)
FRAMEWORKS = choices("framework", ("2019", "2019 framework", {}), ("2024", "2024 framework", {}))


def case_audit() -> FormSpec:
    """A small case audit: skip logic, a stage group, a repeat of visits, calculations."""
    return form(
        question("framework", "select_one", "framework", required="true()"),
        question("category", "select_one", "category", choice_filter="framework = ${framework}"),
        question("immediate_risk", "select_one", "yes_no", required="true()"),
        group(
            "return_to_force",
            question(
                "risk_summary",
                required="true()",
                required_message=text("Describe the risk.", "Disgrifiwch y risg."),
            ),
            question("lead_informed", "select_one", "yes_no", constraint=". = 'yes'"),
            relevant="${immediate_risk} = 'yes'",
        ),
        question("grade", "select_one", "grade"),
        question(
            "rationale",
            relevant="${grade} != ''",
            constraint="string-length(.) >= 50 or ${grade} = 'good'",
            constraint_message=text("Give at least 50 characters.", "Rhowch o leiaf 50 nod."),
        ),
        question("children", "integer", constraint=". >= 1"),
        group(
            "visits",
            question("visit_date", "date", constraint=". <= today()"),
            question("hours", "decimal"),
            question("visit_no", "calculate", calculate="position(..)"),
            question(
                "of_total", "calculate", calculate="concat(position(..), '/', count(${visits}))"
            ),
            question("late", "select_one", "yes_no", relevant="${hours} > 8"),
            repeat=True,
        ),
        question("visit_count", "calculate", calculate="count(${visits})"),
        question("total_hours", "calculate", calculate="sum(${hours})"),
        question("long_case", "calculate", calculate="if(${total_hours} > 20, 'yes', 'no')"),
        question("long_note", "note", relevant="${long_case} = 'yes'"),
        question("started", "calculate", calculate="once(string(now()))"),
        question("share", "select_one", "yes_no", default="no"),
        question("audit_date", "date", default="today()"),
        question("grade_label", "calculate", calculate="jr:choice-name(${grade}, '${grade}')"),
        lists=(YES_NO, GRADES, CATEGORIES, FRAMEWORKS),
    )
