"""Whether a question's default is an expression to evaluate or a value to take as written.

The rule is pyxform's (an operator, a bracket, a ${reference} or a function call makes it
dynamic; a '-' in a date is just a date), applied with our own tokenizer so that evaluating a
form never has to import pyxform.
"""

from __future__ import annotations

from typing import Final

from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.tokens import Token, tokenize

_DATE_KINDS: Final = frozenset({"date", "dateTime"})
_MATH: Final = frozenset({"+", "-", "*", "div", "mod"})


def is_dynamic(default: str | None, kind: str | None = None) -> bool:
    if not default:
        return False
    try:
        tokens = tokenize(default)
    except ExpressionError:
        return False  # not an expression at all: plain text such as "it's"
    for index, token in enumerate(tokens):
        if kind in _DATE_KINDS and token.kind == "op" and token.text == "-":
            return False
        if _is_sign(tokens, index):
            continue  # '-5' is a negative number, as pyxform's lexer reads it
        if _makes_dynamic(token, tokens[index + 1 : index + 2]):
            return True
    return False


def _is_sign(tokens: list[Token], index: int) -> bool:
    if tokens[index].text != "-" or index + 1 >= len(tokens):
        return False
    before = tokens[index - 1] if index else None
    leading = before is None or before.kind == "op" or before.text in ("(", ",")
    return tokens[index + 1].kind == "number" and leading


def _makes_dynamic(token: Token, following: list[Token]) -> bool:
    if token.kind == "ref" or (token.kind == "op" and token.text in _MATH | {"|"}):
        return True
    if token.kind == "punct" and token.text == "[":
        return True
    return token.kind == "name" and bool(following) and following[0].text == "("
