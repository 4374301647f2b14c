"""regex() in bounded time (issue 7.5): RE2 runs every pattern in time linear in the text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from ncpi_field.xpath import ExpressionError, NodeSet, evaluate, function_problems, parse
from ncpi_field.xpath.context import EmptyContext

# Generous: RE2 answers these in microseconds; Python's re took 68 s and over 15 minutes.
SECONDS: float = 1.0


class Answered(EmptyContext):
    """The question being checked (``.``) holds ``value``."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value

    def current(self) -> NodeSet:
        return NodeSet((self.value,))


def regex(subject: str, pattern: str) -> bool:
    result = evaluate(parse(f"regex(., '{pattern}')"), Answered(subject))
    assert isinstance(result, bool)
    return result


CATASTROPHIC: Final = (
    ("^(a|a)*$", "a" * 30 + "b"),
    ("a*a*a*a*a*a*a*a*", "a" * 3_000 + "b"),
    ("(a+)+$", "a" * 9_999 + "b"),
    (r"(\w*)*x", "a" * 9_999 + "!"),
)
# A child process, so a backtracking engine (which holds the GIL in C) fails the test, not hangs it.
TIMER: Final = """
import json, sys, time
from ncpi_field.xpath import evaluate, parse
from test_xpath_regex_bounded import CATASTROPHIC, Answered
for pattern, subject in CATASTROPHIC:
    started = time.perf_counter()
    evaluate(parse(f"regex(., '{pattern}')"), Answered(subject))
    print(json.dumps([pattern, time.perf_counter() - started]), flush=True)
"""


def test_catastrophic_patterns_answer_at_once() -> None:
    here = str(Path(__file__).parent)
    try:
        done = subprocess.run(
            [sys.executable, "-c", TIMER],
            check=False,
            cwd=here,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"regex() ran past 60 s; finished before that: {exc.stdout!r}")
    assert done.returncode == 0, done.stderr
    timings = dict(json.loads(line) for line in done.stdout.splitlines())
    assert set(timings) == {pattern for pattern, _ in CATASTROPHIC}
    slow = {pattern: seconds for pattern, seconds in timings.items() if seconds >= SECONDS}
    assert slow == {}


def test_the_whole_value_must_match_as_in_javarosa() -> None:
    # JavaRosa calls Java's Pattern.matches: an unanchored pattern still covers the whole value.
    assert regex("AB12", "[A-Z]{2}[0-9]+") is True
    assert regex("xAB12", "[A-Z]{2}[0-9]+") is False
    assert regex("AB12x", "[A-Z]{2}[0-9]+") is False
    assert regex("AB12", "^[A-Z]{2}[0-9]+$") is True


def test_nested_repetitions_once_refused_now_run() -> None:
    assert regex("aaaa", "(a+)+") is True
    assert regex("x" * 12, "(x{1,9}){2,}") is True


def test_class_shorthands_are_ascii_as_in_java() -> None:
    assert regex("abc_19", r"\w+") is True
    assert regex("é", r"\w") is False
    assert regex("é", ".") is True


@pytest.mark.parametrize(
    "pattern",
    [r"(a)\1", "(?=a)a", "(?!b)a", "(?<=a)b", "(?<!a)b", "a*+", "(?>a)"],
)
def test_patterns_re2_cannot_run_are_refused_clearly(pattern: str) -> None:
    with pytest.raises(ExpressionError, match="RE2"):
        regex("a", pattern)
    problems = function_problems(parse(f"regex(., '{pattern}')"))
    assert len(problems) == 1
    assert "RE2" in problems[0]


def test_a_good_literal_pattern_has_no_problem() -> None:
    assert function_problems(parse("regex(., '^[A-Z]{2}[0-9]{4}$')")) == []


def test_a_pattern_from_an_answer_is_checked_when_used() -> None:
    assert function_problems(parse("regex(., concat('(a)', '\\1'))")) == []
    with pytest.raises(ExpressionError, match="RE2"):
        evaluate(parse("regex('aa', concat('(a)', '\\1'))"), EmptyContext())


def test_refusals_print_nothing_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ExpressionError):
        regex("a", r"(b)\1")
    assert capfd.readouterr().err == ""
