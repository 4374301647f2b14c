"""Every built-in function, loaded into the registry, and checks a form checker can run."""

from __future__ import annotations

from ncpi_field.xpath import fn_dates, fn_logic, fn_numbers, fn_strings
from ncpi_field.xpath.bounded_regex import pattern_problem
from ncpi_field.xpath.nodes import Call, Expression, Literal, walk
from ncpi_field.xpath.registry import FUNCTIONS, LAZY_FUNCTIONS, arity_problem

__all__ = ["FUNCTIONS", "check_functions", "function_problems", "known_functions"]

# The modules register their functions on import; naming them keeps the imports used.
MODULES = (fn_dates, fn_logic, fn_numbers, fn_strings)


def known_functions() -> frozenset[str]:
    return frozenset(FUNCTIONS) | frozenset(LAZY_FUNCTIONS)


def check_functions(expr: Expression) -> frozenset[str]:
    """The names of functions ``expr`` calls that the engine does not provide."""
    known = known_functions()
    return frozenset(
        node.name for node in walk(expr) if isinstance(node, Call) and node.name not in known
    )


def function_problems(expr: Expression) -> list[str]:
    """Plain-words problems with the calls in ``expr``: unknown names, wrong argument counts,
    regex() patterns the engine cannot run."""
    problems: list[str] = []
    for name in sorted(check_functions(expr)):
        problems.append(f"unknown function '{name}()'")
    for node in walk(expr):
        if isinstance(node, Call):
            problem = arity_problem(node.name, len(node.args))
            if problem and problem not in problems:
                problems.append(problem)
    problems.extend(_pattern_problems(expr))
    return problems


def _pattern_problems(expr: Expression) -> list[str]:
    """A pattern written in the form is checked now, not on an inspector's first keystroke.

    A pattern computed from answers can only be checked when it is used.
    """
    found: list[str] = []
    for node in walk(expr):
        if isinstance(node, Call) and node.name == "regex" and len(node.args) == 2:
            pattern = node.args[1]
            if isinstance(pattern, Literal) and isinstance(pattern.value, str):
                problem = pattern_problem(pattern.value)
                if problem and problem not in found:
                    found.append(problem)
    return found
