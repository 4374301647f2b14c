"""Turn pyxform's JSON for a checked workbook into a frozen FormSpec, with survey row numbers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Final

from pyxform.aliases import BINDING_CONVERSIONS

from ncpi_field.xlsform.attachments import list_key, parameters_of
from ncpi_field.xlsform.rowtypes import RowType, classify, file_of_list
from ncpi_field.xlsform.spec import (
    DEFAULT_LANGUAGE,
    Bind,
    Choice,
    ChoiceList,
    FormSpec,
    Group,
    Node,
    Question,
    QuestionKind,
    Text,
)
from ncpi_field.xlsform.workbook import SurveyRow

# pyxform names rows it invents after their row: 'generated_note_name_12'.
_GENERATED: Final = re.compile(r"^generated_\w*?_(\d+)$")
_CHOICE_KEYS: Final = frozenset({"name", "label", "media"})
_JSON_KINDS: Final[dict[str, QuestionKind]] = {"text": "text", "note": "note"}
OTHER_SUFFIX: Final = "_other"


class _Rows:
    """Survey rows by name, for the row numbers pyxform's JSON does not keep.

    A name may appear in several groups (pyxform allows it where the paths differ); pyxform's
    JSON keeps the rows' order, so the n-th node of a name is the n-th row of that name.
    """

    def __init__(self, rows: Iterable[SurveyRow]) -> None:
        self.by_name: dict[str, list[SurveyRow]] = {}
        for row in rows:
            self.by_name.setdefault(row.name, []).append(row)
        self._taken: dict[str, int] = {}

    def take(self, name: str) -> tuple[int, RowType | None]:
        """The row of the next node named ``name``, in form order."""
        self._taken[name] = self._taken.get(name, -1) + 1
        return self.find(name)

    def find(self, name: str) -> tuple[int, RowType | None]:
        """The row of the node named ``name`` taken last (the first if none was taken)."""
        row = self.row(name)
        if row is not None:
            return row.number, classify(row.type)
        generated = _GENERATED.match(name)
        return (int(generated.group(1)) if generated else 0), None

    def row(self, name: str) -> SurveyRow | None:
        """The survey row of the node named ``name`` taken last (the first if none was)."""
        rows = self.by_name.get(name)
        return rows[min(self._taken.get(name, 0), len(rows) - 1)] if rows else None


def build_spec(
    form: Mapping[str, Any],
    rows: Iterable[SurveyRow],
    *,
    form_id: str,
    version: str,
    sha256: str,
    title_field: str | None = None,
    pii_blocks_completion: bool = True,
    file_choices: Mapping[str, ChoiceList] | None = None,
) -> FormSpec:
    """The spec of a form pyxform has accepted and whose row types were all supported.

    ``file_choices``: the lists read from attached choice files, by file name; embedded so the
    spec holds everything its selects offer.
    """
    row_index = _Rows(rows)
    children = keyed_by_path(_children(form.get("children", ()), row_index))
    choices = {
        str(list_name): _choice_list(str(list_name), items)
        for list_name, items in (form.get("choices") or {}).items()
    }
    choices.update(file_choices or {})
    languages = _languages(children, choices.values())
    return FormSpec(
        form_id=form_id,
        version=version,
        title=Text({DEFAULT_LANGUAGE: str(form.get("title") or form_id)}),
        sha256=sha256,
        default_language=_default_language(str(form.get("default_language") or ""), languages),
        languages=languages,
        children=children,
        choices=choices,
        title_field=title_field,
        pii_blocks_completion=pii_blocks_completion,
    )


def _children(items: Iterable[Mapping[str, Any]], rows: _Rows) -> tuple[Node, ...]:
    nodes = (_node(item, rows) for item in items)
    return tuple(node for node in nodes if node is not None)


def _node(item: Mapping[str, Any], rows: _Rows) -> Node | None:
    control = item.get("control") or {}
    if item.get("type") in ("group", "repeat"):
        if control.get("bodyless"):  # pyxform's own 'meta' group (instanceID)
            return None
        name = str(item["name"])
        return Group(
            name=name,
            label=text_of(item.get("label")),
            bind=_bind(item),
            row=rows.take(name)[0],
            children=_children(item.get("children", ()), rows),
            repeat=item["type"] == "repeat",
            repeat_count=_optional(control.get("jr:count")),
            appearance=str(control.get("appearance") or ""),
        )
    return _question(item, rows)


def _question(item: Mapping[str, Any], rows: _Rows) -> Question | None:
    name = str(item["name"])
    number, row_type = rows.take(name)
    bind = _bind(item)
    if row_type is not None and row_type.kind is not None:
        kind: QuestionKind = row_type.kind
    elif name.endswith(OTHER_SUFFIX) and _has_or_other(rows, name[: -len(OTHER_SUFFIX)]):
        # pyxform writes the 'specify other' question's relevance as an XPath path; keep
        # the form's own ${name} convention so the evaluator sees one dialect.
        base = name[: -len(OTHER_SUFFIX)]
        number = rows.find(base)[0]
        kind = "text"
        bind = Bind(relevant=_other_relevant(base))
    elif str(item.get("type")) in _JSON_KINDS:
        kind = _JSON_KINDS[str(item["type"])]
    else:
        return None
    return Question(
        name=name,
        kind=kind,
        label=text_of(item.get("label")),
        hint=text_of(item.get("hint")),
        bind=bind,
        row=number,
        list_name=_list_name(item, rows) if kind.startswith("select") else None,
        appearance=str((item.get("control") or {}).get("appearance") or ""),
        parameters={str(k): str(v) for k, v in (item.get("parameters") or {}).items()},
    )


def _list_name(item: Mapping[str, Any], rows: _Rows) -> str | None:
    """The choices-sheet list, or for a choice file (pyxform's 'itemset') the list read from it
    with the question's value and label columns, parsed as the checker parsed them."""
    name = _optional(item.get("list_name") or item.get("itemset"))
    row = rows.row(str(item["name"]))
    if name is None or file_of_list(name) is None or row is None:
        return name
    parameters = parameters_of(row.cells.get("parameters", ""))
    return list_key(name, parameters.get("value", "name"), parameters.get("label", "label"))


def keyed_by_path(children: tuple[Node, ...]) -> tuple[Node, ...]:
    """The nodes, those whose name is used more than once keyed by their path ('visit/notes').

    Answers are keyed by name; pyxform allows one name in two groups, so where names clash
    the group path keeps the keys apart. A form without clashes keeps its names unchanged,
    and ${name} cannot name a clashing node (pyxform refuses the ambiguous reference).
    """
    counts = Counter(node.name for _parents, node in _walk_names(children, ()))
    clashing = frozenset(name for name, count in counts.items() if count > 1)
    return _rekeyed(children, (), clashing) if clashing else children


def _walk_names(
    nodes: tuple[Node, ...], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Node]]:
    for node in nodes:
        yield path, node
        if isinstance(node, Group):
            yield from _walk_names(node.children, (*path, node.name))


def _rekeyed(
    nodes: tuple[Node, ...], path: tuple[str, ...], clashing: frozenset[str]
) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        key = "/".join((*path, node.name)) if node.name in clashing else node.name
        if isinstance(node, Group):
            children = _rekeyed(node.children, (*path, node.name), clashing)
            out.append(replace(node, name=key, children=children))
        else:
            out.append(replace(node, name=key, bind=_other_bind(node, path, clashing)))
    return tuple(out)


def _other_bind(question: Question, path: tuple[str, ...], clashing: frozenset[str]) -> Bind:
    """The 'specify other' question of a clashing select shows on its own select's 'other'."""
    base = question.name.removesuffix(OTHER_SUFFIX)
    if base == question.name or base not in clashing:
        return question.bind
    if question.bind.relevant != _other_relevant(base):
        return question.bind
    return replace(question.bind, relevant=_other_relevant("/".join((*path, base))))


def _other_relevant(name: str) -> str:
    return f"selected(${{{name}}}, 'other')"


def _has_or_other(rows: _Rows, name: str) -> bool:
    row_type = rows.find(name)[1]
    return row_type is not None and row_type.or_other


def _bind(item: Mapping[str, Any]) -> Bind:
    bind = item.get("bind") or {}
    return Bind(
        relevant=_converted(bind.get("relevant")),
        constraint=_converted(bind.get("constraint")),
        constraint_message=text_of(bind.get("jr:constraintMsg")),
        required=_flag(bind.get("required")),
        required_message=text_of(bind.get("jr:requiredMsg")),
        calculate=_converted(bind.get("calculate")),
        readonly=_flag(bind.get("readonly")),
        default=_optional(item.get("default")),
        choice_filter=_optional(item.get("choice_filter")),
    )


def _flag(value: object) -> str | None:
    """'yes'/'TRUE' become 'true()'; a plain no is no expression at all."""
    text = _optional(value)
    if text is None:
        return None
    text = BINDING_CONVERSIONS.get(text, text)
    return None if text == "false()" else text


def _converted(value: object) -> str | None:
    """An expression as pyxform writes it: a whole cell of TRUE, yes or no becomes true()
    or false() (a TRUE typed in Excel is a boolean cell, which pyxform reads as 'TRUE')."""
    text = _optional(value)
    return None if text is None else BINDING_CONVERSIONS.get(text, text)


def _optional(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def text_of(value: object) -> Text:
    if isinstance(value, Mapping):
        return Text({str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)})
    if value is None or value == "":
        return Text()
    return Text({DEFAULT_LANGUAGE: str(value)})


def _choice_list(list_name: str, items: Iterable[Mapping[str, Any]]) -> ChoiceList:
    return ChoiceList(
        name=list_name,
        choices=tuple(
            Choice(
                name=str(item.get("name", "")),
                label=text_of(item.get("label")),
                columns={
                    str(k): str(v)
                    for k, v in item.items()
                    if k not in _CHOICE_KEYS and isinstance(v, str | int | float)
                },
            )
            for item in items
        ),
    )


def _texts(children: tuple[Node, ...]) -> Iterator[Text]:
    for node in children:
        yield node.label
        yield node.bind.constraint_message
        yield node.bind.required_message
        if isinstance(node, Question):
            yield node.hint
        else:
            yield from _texts(node.children)


def _languages(children: tuple[Node, ...], choices: Iterable[ChoiceList]) -> tuple[str, ...]:
    """Declared languages ('English (en)', 'Welsh (cy)') in order of first use."""
    seen: dict[str, None] = {}
    choice_labels = (choice.label for lst in choices for choice in lst.choices)
    for text in (*_texts(children), *choice_labels):
        for language in text.translations:
            if language != DEFAULT_LANGUAGE:
                seen.setdefault(language)
    return tuple(seen)


def _default_language(declared: str, languages: tuple[str, ...]) -> str:
    if declared in languages:
        return declared
    # Settings named none of the declared languages: the first one used leads.
    return languages[0] if languages else DEFAULT_LANGUAGE
