"""The tokenizer: expression text into numbers, strings, names, references and operators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from ncpi_field.xpath.errors import ExpressionSyntaxError

TokenKind = Literal["number", "string", "ref", "name", "op", "punct", "end"]

# Longest first, so '<=' wins over '<' and '..' over '.'.
_SYMBOLS: Final = (
    "!=",
    "<=",
    ">=",
    "..",
    "//",
    "=",
    "<",
    ">",
    "+",
    "-",
    "*",
    "|",
    "(",
    ")",
    ",",
    ".",
    "/",
    "[",
    "]",
    "@",
    ":",
)
_OPERATOR_NAMES: Final = ("and", "or", "div", "mod")
_OPERATOR_SYMBOLS: Final = frozenset({"!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "|"})
_NUMBER: Final = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_NCNAME: Final = r"[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*"
_QNAME: Final = re.compile(rf"{_NCNAME}(?::{_NCNAME})?")
# ${group/name}: the key of a name used in two groups (see xlsform.build); pyxform refuses it
# in a workbook, so only the builder writes it.
_REF: Final = re.compile(rf"\$\{{\s*({_NCNAME}(?:/{_NCNAME})*)\s*\}}")
_SPACE: Final = " \t\r\n"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    position: int  # 1-based

    def describe(self) -> str:
        """How a message names this token."""
        if self.kind == "end":
            return "end of expression"
        if self.kind == "string":
            return "text in quotes"
        return f"'{self.text}'"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an 'end' token."""
    tokens: list[Token] = []
    index = 0
    while True:
        while index < len(text) and text[index] in _SPACE:
            index += 1
        if index >= len(text):
            tokens.append(Token("end", "", index + 1))
            return tokens
        token = _next_token(text, index, _expects_operator(tokens))
        tokens.append(token)
        index = token.position - 1 + _consumed(text, token)


def _consumed(text: str, token: Token) -> int:
    if token.kind == "string":
        return len(token.text) + 2
    if token.kind == "ref":
        match = _REF.match(text, token.position - 1)
        assert match is not None
        return match.end() - match.start()
    return len(token.text)


def _expects_operator(tokens: list[Token]) -> bool:
    """Whether the next token sits where a binary operator belongs (XPath's lexical rule)."""
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind in ("number", "string", "ref", "name"):
        return True
    return last.kind == "punct" and last.text in (")", "]", ".", "..")


def _next_token(text: str, index: int, operator_position: bool) -> Token:
    char = text[index]
    position = index + 1
    if char in "'\"":
        end = text.find(char, index + 1)
        if end < 0:
            raise ExpressionSyntaxError(
                f"text in quotes starting at character {position} is never closed", position
            )
        return Token("string", text[index + 1 : end], position)
    if char == "$":
        return _reference(text, index)
    if operator_position:
        word = _operator_word(text, index)
        if word:
            return Token("op", word, position)
    number = _NUMBER.match(text, index)
    if number:
        return Token("number", number.group(), position)
    name = _QNAME.match(text, index)
    if name:
        return Token("name", name.group(), position)
    return _symbol(text, index, operator_position)


def _reference(text: str, index: int) -> Token:
    match = _REF.match(text, index)
    if match is None:
        raise ExpressionSyntaxError(
            f"malformed ${{...}} reference at character {index + 1}", index + 1
        )
    return Token("ref", match.group(1), index + 1)


def _operator_word(text: str, index: int) -> str:
    # In operator position 'and', 'or', 'div' and 'mod' are operators even when glued to what
    # follows ('1and1', '2mod1'): no name can legally stand there.
    for word in _OPERATOR_NAMES:
        if text.startswith(word, index):
            return word
    return ""


def _symbol(text: str, index: int, operator_position: bool) -> Token:
    for symbol in _SYMBOLS:
        if text.startswith(symbol, index):
            is_operator = symbol in _OPERATOR_SYMBOLS and (symbol != "*" or operator_position)
            return Token("op" if is_operator else "punct", symbol, index + 1)
    raise ExpressionSyntaxError(f"unexpected '{text[index]}' at character {index + 1}", index + 1)
