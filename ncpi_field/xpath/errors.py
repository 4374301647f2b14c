"""Errors the expression engine raises: bad syntax, unknown functions, unusable arguments."""

from __future__ import annotations

from ncpi_field.errors import UserError


class ExpressionError(UserError):
    """An expression in a form cannot be parsed or evaluated.

    Messages name the problem in plain words and never quote an answer.
    """


class ExpressionSyntaxError(ExpressionError):
    """The text is not a well-formed expression."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position  # 1-based character index, for highlighting


class UnknownFunctionError(ExpressionError):
    """A call names a function the engine does not provide."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown function '{name}()'")
        self.name = name
