"""A Pratt parser from tokens to the expression tree, with a cache since forms re-evaluate often."""

from __future__ import annotations

import functools
from typing import Final

from ncpi_field.xpath.errors import ExpressionSyntaxError
from ncpi_field.xpath.nodes import (
    Binary,
    Call,
    Expression,
    FieldRef,
    InstancePath,
    Literal,
    Negate,
    Path,
    depth,
)
from ncpi_field.xpath.tokens import Token, tokenize

# Binding power of each binary operator: higher binds tighter (XPath 1.0 grammar order).
_PRECEDENCE: Final[dict[str, int]] = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
}
MAX_EXPRESSION_LENGTH: Final = 10_000
_MAX_DEPTH: Final = 100


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse an XPath 1.0 / ODK expression; raises ExpressionSyntaxError naming the position."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionSyntaxError(
            f"the expression is longer than {MAX_EXPRESSION_LENGTH} characters", 1
        )
    parser = _Parser(tokenize(text))
    expr = parser.expression(0)
    parser.expect_end()
    if depth(expr) > _MAX_DEPTH:
        # Long operator chains parse iteratively but evaluate recursively; refuse them here.
        raise ExpressionSyntaxError("the expression is nested too deeply", 1)
    return expr


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self._depth = 0

    @property
    def _peek(self) -> Token:
        return self._tokens[self._index]

    def _advance(self) -> Token:
        token = self._tokens[self._index]
        if token.kind != "end":
            self._index += 1
        return token

    def _at(self, kind: str, text: str) -> bool:
        return self._peek.kind == kind and self._peek.text == text

    def _expect(self, kind: str, text: str) -> Token:
        if not self._at(kind, text):
            token = self._peek
            raise ExpressionSyntaxError(
                f"expected '{text}' but found {token.describe()} at character {token.position}",
                token.position,
            )
        return self._advance()

    def _enter(self) -> None:
        # Each level costs Python stack frames; refuse before the interpreter does.
        self._depth += 1
        if self._depth > _MAX_DEPTH:
            raise ExpressionSyntaxError("the expression is nested too deeply", self._peek.position)

    def expect_end(self) -> None:
        if self._peek.kind != "end":
            raise _unexpected(self._peek)

    def expression(self, min_power: int) -> Expression:
        self._enter()
        left = self._unary()
        while self._peek.kind == "op" and _PRECEDENCE.get(self._peek.text, 0) > min_power:
            op = self._advance().text
            left = Binary(op, left, self.expression(_PRECEDENCE[op]))
        self._depth -= 1
        return left

    def _unary(self) -> Expression:
        if self._at("op", "-"):
            self._advance()
            self._enter()
            operand = self._unary()
            self._depth -= 1
            return Negate(operand)
        return self._union()

    def _union(self) -> Expression:
        left = self._primary()
        while self._at("op", "|"):
            self._advance()
            left = Binary("|", left, self._primary())
        return left

    def _primary(self) -> Expression:
        token = self._peek
        if token.kind == "number":
            self._advance()
            return Literal(float(token.text))
        if token.kind == "string":
            self._advance()
            return Literal(token.text)
        if token.kind == "ref":
            self._advance()
            return FieldRef(token.text)
        if self._at("punct", "("):
            return self._parenthesised()
        if token.kind == "name" and self._tokens[self._index + 1].text == "(":
            return self._call_or_lookup(token)
        return self._path()

    def _call_or_lookup(self, start: Token) -> Call | InstancePath:
        call = self._call()
        if call.name == "instance" and self._at("punct", "/"):
            return self._instance_path(call, start)
        return call

    def _parenthesised(self) -> Expression:
        self._advance()
        inner = self.expression(0)
        self._expect("punct", ")")
        return inner

    def _call(self) -> Call:
        name = self._advance().text
        self._advance()  # '('
        args: list[Expression] = []
        if not self._at("punct", ")"):
            args.append(self.expression(0))
            while self._at("punct", ","):
                self._advance()
                args.append(self.expression(0))
        self._expect("punct", ")")
        return Call(name, tuple(args))

    def _instance_path(self, call: Call, start: Token) -> InstancePath:
        """``instance('list')/root/item[...]*(/column)?``: the lookups forms make into lists."""
        shape = ExpressionSyntaxError(
            "a lookup into a choice list is written instance('list')/root/item[condition]/label"
            f" (character {start.position})",
            start.position,
        )
        if len(call.args) != 1 or not isinstance(call.args[0], Literal):
            raise shape
        steps: list[tuple[str, list[Expression]]] = []
        while self._at("punct", "/"):
            self._advance()
            if self._peek.kind != "name":
                raise shape
            name, predicates = self._advance().text, []
            while self._at("punct", "["):
                self._advance()
                predicates.append(self.expression(0))
                self._expect("punct", "]")
            steps.append((name, predicates))
        names = [name for name, _predicates in steps]
        if (
            names[:2] != ["root", "item"]
            or len(names) > 3
            or steps[0][1]
            or (len(steps) == 3 and steps[2][1])
        ):
            raise shape
        column = names[2] if len(names) == 3 else None
        return InstancePath(str(call.args[0].value), tuple(steps[1][1]), column)

    def _path(self) -> Path:
        absolute = self._at("punct", "/")
        if absolute:
            self._advance()
        steps = [self._step()]
        while self._at("punct", "/"):
            self._advance()
            steps.append(self._step())
        if self._at("punct", "["):
            token = self._peek
            raise ExpressionSyntaxError(
                f"filters in square brackets are not supported (character {token.position})",
                token.position,
            )
        return Path(absolute, tuple(steps))

    def _step(self) -> str:
        token = self._peek
        if token.kind == "name" or (token.kind == "punct" and token.text in (".", "..")):
            self._advance()
            return token.text
        raise _unexpected(token)


def _unexpected(token: Token) -> ExpressionSyntaxError:
    if token.kind == "end":
        return ExpressionSyntaxError(
            f"the expression ends too early (at character {token.position})", token.position
        )
    return ExpressionSyntaxError(
        f"unexpected {token.describe()} at character {token.position}", token.position
    )
