"""Our rule for dynamic defaults agrees with pyxform's on the defaults forms really use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyxform.utils import default_is_dynamic

from ncpi_field.xlsform.defaults import is_dynamic

CASES = [
    ("", "text"),
    ("hello", "text"),
    ("hello world", "text"),
    ("2024-01-31", "date"),
    ("2024-01-31T10:00:00", "dateTime"),
    ("today()", "date"),
    ("today() - 1", "date"),
    ("${other}", "text"),
    ("concat(${a}, 'x')", "text"),
    ("1 + 2", "integer"),
    ("5", "integer"),
    ("-5", "integer"),
    ("3.5", "decimal"),
    ("OFFICIAL-SENSITIVE", "select_one"),
    ("no", "select_one"),
    ("a b c", "select_multiple"),
    ("4 div 2", "decimal"),
    ("/data/x", "text"),
    ("instance('x')/root/item[name='a']/label", "text"),
    ("once(uuid())", "text"),
    ("Findings are provisional; recommendations are not orders.", "text"),
]


@pytest.mark.parametrize(("default", "kind"), CASES)
def test_agrees_with_pyxform(default: str, kind: str) -> None:
    assert is_dynamic(default, kind) == default_is_dynamic(default, kind)


def test_the_shipped_instruments_defaults_agree() -> None:
    from ncpi_field.formstore import installed_forms, installed_spec  # noqa: PLC0415

    seen = 0
    for form in installed_forms():
        spec = installed_spec(form.form_id)
        for question in spec.questions():
            default = question.bind.default
            if default:
                seen += 1
                assert is_dynamic(default, question.kind) == default_is_dynamic(
                    default, question.kind
                ), question.name
    assert seen > 0


@given(st.text(alphabet="abc123 -+*()${}'[]/_.", max_size=20), st.sampled_from(["text", "date"]))
def test_never_raises(default: str, kind: str) -> None:
    assert isinstance(is_dynamic(default, kind), bool)
