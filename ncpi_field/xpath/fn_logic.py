"""Boolean, node-set and select functions: not, count, position, selected, jr:choice-name, uuid."""

from __future__ import annotations

import math
import re
import secrets
import string
import uuid
from collections.abc import Sequence
from typing import Final

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.fn_numbers import java_int
from ncpi_field.xpath.registry import builtin
from ncpi_field.xpath.values import NodeSet, Value, to_boolean, to_number, to_string

Args = Sequence[Value]
Context = EvaluationContext
_FIELD_IN_TEXT: Final = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
_MAX_UUID_LENGTH: Final = 1000
_ALPHANUMERIC: Final = string.ascii_letters + string.digits


def selected_tokens(answer: str) -> list[str]:
    """The choice names of a select-multiple answer (space-separated, blanks ignored)."""
    return [token for token in answer.split(" ") if token]


@builtin("true", 0)
def _true(args: Args, context: Context) -> Value:
    return True


@builtin("false", 0)
def _false(args: Args, context: Context) -> Value:
    return False


@builtin("boolean", 1)
def _boolean(args: Args, context: Context) -> Value:
    return to_boolean(args[0])


@builtin("not", 1)
def _not(args: Args, context: Context) -> Value:
    return not to_boolean(args[0])


@builtin("boolean-from-string", 1)
def _boolean_from_string(args: Args, context: Context) -> Value:
    # JavaRosa: 'true' in any case, or '1'.
    text = to_string(args[0])
    return text.lower() == "true" or text == "1"


def _node_set(value: Value, function: str) -> NodeSet:
    if not isinstance(value, NodeSet):
        raise ExpressionError(f"{function}() needs a question or repeat, such as ${{name}}")
    return value


@builtin("count", 1)
def _count(args: Args, context: Context) -> Value:
    return float(len(_node_set(args[0], "count").nodes))


@builtin("count-non-empty", 1)
def _count_non_empty(args: Args, context: Context) -> Value:
    nodes = _node_set(args[0], "count-non-empty").nodes
    return float(sum(1 for node in nodes if to_string(node) != ""))


@builtin("position", 0, 1)
def _position(args: Args, context: Context) -> Value:
    # position(..) in a form always asks for the current repeat instance's index.
    return float(context.position())


@builtin("selected", 2)
def _selected(args: Args, context: Context) -> Value:
    return to_string(args[1]).strip() in selected_tokens(to_string(args[0]))


@builtin("count-selected", 1)
def _count_selected(args: Args, context: Context) -> Value:
    return float(len(selected_tokens(to_string(args[0]))))


@builtin("selected-at", 2)
def _selected_at(args: Args, context: Context) -> Value:
    tokens = selected_tokens(to_string(args[0]))
    index = java_int(to_number(args[1]))
    position = 0 if math.isnan(index) else index  # Java's (int) NaN is 0
    if not 0 <= position < len(tokens):
        return ""
    return tokens[int(position)]


def field_named_in(text: str) -> str:
    """The question a jr:choice-name second argument names: '${name}' or a path '/data/name'."""
    match = _FIELD_IN_TEXT.search(text)
    if match:
        return match.group(1)
    return text.strip().rstrip("/").rsplit("/", 1)[-1]


@builtin("jr:choice-name", 2)
def _choice_name(args: Args, context: Context) -> Value:
    value = to_string(args[0])
    if value == "":
        return ""
    return context.choice_label(field_named_in(to_string(args[1])), value)


@builtin("uuid", 0, 1)
def _uuid(args: Args, context: Context) -> Value:
    if not args:
        return str(uuid.uuid4())
    length = java_int(to_number(args[0]))
    if not 1 <= length <= _MAX_UUID_LENGTH:
        raise ExpressionError(f"uuid() length must be between 1 and {_MAX_UUID_LENGTH}")
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(int(length)))
