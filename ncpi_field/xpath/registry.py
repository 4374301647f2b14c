"""The table of built-in functions: each name with its implementation and argument counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.values import Value

Implementation = Callable[[Sequence[Value], EvaluationContext], Value]


@dataclass(frozen=True)
class Function:
    name: str
    implementation: Implementation
    min_args: int
    max_args: int | None  # None: any number

    def check_arity(self, count: int) -> str | None:
        """A plain-words problem with ``count`` arguments, or None when it is fine."""
        if count >= self.min_args and (self.max_args is None or count <= self.max_args):
            return None
        return f"function '{self.name}()' takes {self._expected()}, not {count}"

    def _expected(self) -> str:
        if self.max_args is None:
            return f"at least {_arguments(self.min_args)}"
        if self.min_args == self.max_args:
            return _arguments(self.min_args)
        return f"{self.min_args} to {_arguments(self.max_args)}"


def _arguments(count: int) -> str:
    return "1 argument" if count == 1 else f"{count} arguments"


FUNCTIONS: dict[str, Function] = {}
# Evaluated by the evaluator itself because they must not evaluate every argument.
LAZY_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "coalesce": (1, None),
    "once": (1, 1),
    "indexed-repeat": (3, None),
}


def builtin(
    name: str, min_args: int = 0, max_args: int | None = -1
) -> Callable[[Implementation], Implementation]:
    """Register a function; ``max_args`` defaults to ``min_args``."""

    def register(implementation: Implementation) -> Implementation:
        upper = min_args if max_args == -1 else max_args
        FUNCTIONS[name] = Function(name, implementation, min_args, upper)
        return implementation

    return register


def arity_problem(name: str, count: int) -> str | None:
    """Why a call of ``name`` with ``count`` arguments is wrong, or None."""
    if name in LAZY_FUNCTIONS:
        low, high = LAZY_FUNCTIONS[name]
        return Function(name, _never, low, high).check_arity(count)
    function = FUNCTIONS.get(name)
    return None if function is None else function.check_arity(count)


def _never(args: Sequence[Value], context: EvaluationContext) -> Value:
    raise ExpressionError("lazy functions are evaluated by the evaluator")
