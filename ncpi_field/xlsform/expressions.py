"""Check every expression of a form: it parses, calls known functions, names existing fields."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from ncpi_field.xlsform.defaults import is_dynamic as default_is_dynamic
from ncpi_field.xlsform.evaluate_context import choice_list_named
from ncpi_field.xlsform.problems import Problem
from ncpi_field.xlsform.rowtypes import file_of_list
from ncpi_field.xlsform.spec import FormSpec, Group, Node, Question
from ncpi_field.xpath import (
    Expression,
    ExpressionError,
    ExpressionSyntaxError,
    function_problems,
    parse,
    references,
)
from ncpi_field.xpath.fn_logic import field_named_in
from ncpi_field.xpath.nodes import Binary, Call, FieldRef, InstancePath, Literal, Path, walk

# The columns of the evidence itemset: the vault fills them from its records. A record's
# ``kind`` is the form_id of the form it was made with.
EVIDENCE_COLUMNS: Final = frozenset({"name", "label", "kind", "status"})
_CHOICE_BASICS: Final = frozenset({"name", "label"})
# Columns JavaRosa evaluates to set the node's own state: reading the node itself there is a
# cycle (TriggerableDag: "Cycle detected"). A constraint may read its own value.
_NO_SELF_REFERENCE: Final = frozenset({"calculation", "relevant", "required", "read_only"})


@dataclass(frozen=True)
class _Scope:
    """What an expression may name: the form's fields, and rows left out of it (with why)."""

    spec: FormSpec
    fields: frozenset[str]
    left_out: Mapping[str, str]


def check(
    spec: FormSpec, left_out: Mapping[str, str], record_kinds: Collection[str] | None = None
) -> list[Problem]:
    """Problems in the expressions of ``spec``; ``left_out`` names rows dropped, with why.

    ``record_kinds``, when given, are the form ids whose records an evidence filter may
    compare ``kind`` with (the form's own id always may); None leaves kinds unchecked.
    """
    scope = _Scope(spec, frozenset(node.name for _parents, node in spec.walk()), left_out)
    found: list[Problem] = []
    for node, column, text in _expressions(spec):
        found.extend(_check_one(scope, node, column, text))
    found.extend(_list_problems(spec))
    if record_kinds is not None:
        found.extend(kind_problems(spec, record_kinds))
    return found


def kind_problems(spec: FormSpec, record_kinds: Collection[str]) -> list[Problem]:
    """Evidence filters of ``spec`` that compare ``kind`` with a form id not in ``record_kinds``.

    A pure function of the form and the ids given: the caller says which forms exist (the
    installed ones, or the workbooks checked together).
    """
    known = tuple(dict.fromkeys((*record_kinds, spec.form_id)))  # in the order given
    found: list[Problem] = []
    for question in spec.questions():
        if question.kind != "evidence" or not question.bind.choice_filter:
            continue
        try:
            expr = parse(question.bind.choice_filter)
        except ExpressionError:
            continue  # reported by check() as an expression that does not parse
        found.extend(
            Problem("survey", question.row, "choice_filter", *_not_a_kind(kind, known))
            for kind in kinds_named(expr)
            if kind not in known
        )
    return found


def _expressions(spec: FormSpec) -> Iterator[tuple[Node, str, str]]:
    """(node, survey column, expression text) for every expression the form holds."""
    for _parents, node in spec.walk():
        bind = node.bind
        for column, text in (
            ("relevant", bind.relevant),
            ("constraint", bind.constraint),
            ("required", bind.required),
            ("calculation", bind.calculate),
            ("read_only", bind.readonly),
            ("choice_filter", bind.choice_filter),
        ):
            if text:
                yield node, column, text
        kind = node.kind if isinstance(node, Question) else "group"
        if bind.default and default_is_dynamic(bind.default, kind):
            yield node, "default", bind.default
        if isinstance(node, Group) and node.repeat_count:
            yield node, "repeat_count", node.repeat_count


def _check_one(scope: _Scope, node: Node, column: str, text: str) -> list[Problem]:
    def problem(message: str, fix: str = "") -> Problem:
        return Problem("survey", node.row, column, message, fix)

    try:
        expr = parse(text)
    except ExpressionSyntaxError as exc:
        where = "" if "character" in exc.message else f" (at character {exc.position})"
        return [
            problem(
                f"The expression does not parse: {exc.message}{where}.",
                "Check brackets, quotes and operators.",
            )
        ]
    except ExpressionError as exc:
        return [problem(f"The expression does not parse: {exc}.")]
    found = [problem(f"The expression has a problem: {text}.") for text in function_problems(expr)]
    unknown = sorted(references(expr) - scope.fields)
    found.extend(problem(*_missing(name, scope.left_out)) for name in unknown)
    found.extend(problem(message, fix) for message, fix in _call_problems(scope, expr))
    lookups = [part for part in walk(expr) if isinstance(part, InstancePath)]
    inside = frozenset(id(part) for lookup in lookups for part in walk(lookup)[1:])
    for lookup in lookups:
        found.extend(problem(*found_problem) for found_problem in _lookup_problems(scope, lookup))
    bare = _bare_names(expr, inside)
    if column == "choice_filter" and isinstance(node, Question):
        columns = _filter_columns(scope.spec, node)
        found.extend(problem(*_not_a_column(name)) for name in bare - columns)
    if column in _NO_SELF_REFERENCE and _reads_itself(expr, node.name):
        found.append(problem(*_self_reference(column)))
    return found


def notes(spec: FormSpec) -> list[Problem]:
    """What does not stop a form but is probably a slip: a bare name such as ``null`` or
    ``FALSE`` in an expression. JavaRosa reads it as a path to a child that does not exist,
    an empty node-set (blank, false, NaN as a number), so ODK accepts the form; so do we.
    """
    found: list[Problem] = []
    for node, column, text in _expressions(spec):
        if column == "choice_filter":
            continue  # a bare name there is a choice column, checked by check()
        try:
            expr = parse(text)
        except ExpressionError:
            continue  # check() reports it
        # Inside instance('list')/root/item[...] a bare name is the list's column, not a slip.
        lookups = [part for part in walk(expr) if isinstance(part, InstancePath)]
        inside = frozenset(id(part) for lookup in lookups for part in walk(lookup)[1:])
        found.extend(
            Problem("survey", node.row, column, *_bare_path(name))
            for name in sorted(_bare_names(expr, inside))
        )
    return found


def _reads_itself(expr: Expression, name: str) -> bool:
    """Whether an expression reads its own node ('.', current(), ${itself} or ../itself)."""
    return name in references(expr) or any(
        node == Path(False, (".",)) or node == Call("current", ()) for node in walk(expr)
    )


def _self_reference(column: str) -> tuple[str, str]:
    what = "calculation" if column == "calculation" else f"{column.replace('_', ' ')} condition"
    return (
        f"The {what} refers to its own value (. or its own name): it would depend on itself, "
        "a cycle, which ODK Validate refuses too.",
        "Use other questions only; a rule on the answer itself belongs in the constraint.",
    )


def _call_problems(scope: _Scope, expr: Expression) -> list[tuple[str, str]]:
    """jr:choice-name() must name a select; indexed-repeat() repeats that hold its question."""
    found: list[tuple[str, str]] = []
    for call in walk(expr):
        if not isinstance(call, Call):
            continue
        if call.name == "jr:choice-name" and len(call.args) == 2:
            found.extend(_choice_name_problems(scope, call.args[1]))
        elif call.name == "indexed-repeat" and len(call.args) >= 3:
            found.extend(_indexed_repeat_problems(scope, call.args))
    return found


def _choice_name_problems(scope: _Scope, named: Expression) -> list[tuple[str, str]]:
    if not isinstance(named, Literal) or not isinstance(named.value, str):
        return []  # a computed name can only be checked when used
    name = field_named_in(named.value)
    fix = "Write the select question's name in quotes, as jr:choice-name(${q}, '${q}')."
    if name not in scope.fields:
        return [(f'jr:choice-name() names "{name}", but no question has that name.', fix)]
    node = scope.spec.node(name)
    if not isinstance(node, Question) or node.list_name is None:
        return [(f'jr:choice-name() names "{name}", which is not a select question.', fix)]
    return []


def _indexed_repeat_problems(scope: _Scope, args: tuple[Expression, ...]) -> list[tuple[str, str]]:
    fix = "Write indexed-repeat(${question}, ${repeat}, position), the repeat holding the question."
    if len(args) % 2 == 0:
        return [("indexed-repeat() takes a question, then pairs of a repeat and a position.", fix)]
    named = [args[0], *args[1::2]]
    if not all(isinstance(arg, FieldRef) for arg in named):
        return [("indexed-repeat() needs the question and each repeat written as ${name}.", fix)]
    question, *repeats = (arg.name for arg in named if isinstance(arg, FieldRef))
    if question not in scope.fields:
        return []  # reported as a reference to no question
    holding = next(
        {group.name for group in parents if group.repeat}
        for parents, node in scope.spec.walk()
        if node.name == question
    )
    return [
        (
            f"indexed-repeat() names ${{{repeat}}}, which is not a repeat that holds "
            f"${{{question}}}.",
            fix,
        )
        for repeat in repeats
        if repeat not in holding
    ]


def _lookup_problems(scope: _Scope, lookup: InstancePath) -> list[tuple[str, str]]:
    """instance('list') must name a list the form has; its conditions, columns of that list."""
    listed = choice_list_named(scope.spec, lookup.list_name)
    if listed is None:
        return [
            (
                f"The expression looks up instance('{lookup.list_name}'), but the form has no "
                "choice list or attached choice file of that name.",
                "Use a list_name from the choices sheet, or a choice file's name without "
                "its .csv or .xml ending.",
            )
        ]
    columns = _CHOICE_BASICS | frozenset(
        name for choice in listed.choices for name in choice.columns
    )
    named = {name for predicate in lookup.predicates for name in _bare_names(predicate)}
    if lookup.column is not None:
        named.add(lookup.column)
    return [
        (
            f'The lookup into "{lookup.list_name}" names "{name}", which is not a column of '
            "that list.",
            f"Use name, label or a column the list has; write ${{{name}}} for a question.",
        )
        for name in sorted(named - columns)
    ]


def _missing(name: str, left_out: Mapping[str, str]) -> tuple[str, str]:
    if name in left_out:
        return (
            f"The expression refers to ${{{name}}}, which is {left_out[name]}.",
            "Remove the reference, or change that row to a type NCPI Field supports.",
        )
    return (
        f"The expression refers to ${{{name}}}, but no question or group has that name.",
        "Check the spelling against the name column.",
    )


def _bare_names(expr: Expression, skip: frozenset[int] = frozenset()) -> frozenset[str]:
    """Names written as a relative one-step path (``kind``), not as ``${kind}``; ``skip``
    holds the ids of nodes inside list lookups, where bare names are the list's columns."""
    return frozenset(
        node.steps[0]
        for node in walk(expr)
        if id(node) not in skip
        if isinstance(node, Path) and not node.absolute and len(node.steps) == 1
        if node.steps[0] not in (".", "..")
    )


def _filter_columns(spec: FormSpec, question: Question) -> frozenset[str]:
    if question.kind == "evidence":
        return EVIDENCE_COLUMNS
    choices = spec.choices.get(question.list_name or "")
    if choices is None:
        return _CHOICE_BASICS
    extra = (name for choice in choices.choices for name in choice.columns)
    return _CHOICE_BASICS | frozenset(extra)


def _not_a_column(name: str) -> tuple[str, str]:
    return (
        f'The choice filter names "{name}", which is not a column of the choice list.',
        f"Put text in quotes ('{name}'), write ${{{name}}} for a question, or add the column "
        "to the choices sheet.",
    )


def kinds_named(expr: Expression) -> list[str]:
    """The record kinds (form ids) an evidence filter compares ``kind`` with, sorted."""
    named = set()
    for node in walk(expr):
        if isinstance(node, Binary) and node.op in ("=", "!="):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if side == Path(False, ("kind",)) and isinstance(other, Literal):
                    named.add(str(other.value))
    return sorted(named)


def _not_a_kind(kind: str, known: Collection[str]) -> tuple[str, str]:
    return (
        f"The evidence filter compares kind with '{kind}', which no record has: no form has "
        "that form_id.",
        f"Use one of: {', '.join(known)}.",
    )


def _bare_path(name: str) -> tuple[str, str]:
    return (
        f'The expression names "{name}" as a path, which refers to no question: it reads as '
        "blank (as in ODK).",
        f"If you meant the question, write ${{{name}}}; for text, '{name}' in quotes; for "
        "true or false, true() or false().",
    )


def _list_problems(spec: FormSpec) -> list[Problem]:
    """Select questions must name a choice list the form has (pyxform checks this too)."""
    return [
        Problem(
            "survey",
            question.row,
            "type",
            f'The choice list "{question.list_name}" is not on the choices sheet.',
            "Add the list to the choices sheet, or correct the list name after the type.",
        )
        for question in spec.questions()
        if question.kind in ("select_one", "select_multiple")
        and question.list_name not in spec.choices
        # A missing choice file is reported once, by the checker, as not attached.
        and file_of_list(question.list_name or "") is None
    ]
