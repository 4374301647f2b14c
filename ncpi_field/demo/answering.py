"""Fill one form through FormState: in form order, relevant questions only, every rule obeyed.

A record's plan says what it would like each answer to be (its wishes). The walker tries the
wishes first and falls back to other candidates that fit the question's filtered choices,
constraint and required rule; if nothing fits it raises, naming the question but no value.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from ncpi_field.demo.model import DemoGenerationError
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import Answers, Instance
from ncpi_field.xlsform.spec import FormSpec, Group, Node, Question
from ncpi_field.xlsform.validate import issues
from ncpi_field.xpath import (
    EmptyContext,
    ExpressionError,
    NodeSet,
    RawValue,
    evaluate,
    parse,
    to_boolean,
)


@dataclass(frozen=True)
class Candidates:
    """Several acceptable answers, tried in order until one passes the question's rules."""

    values: tuple[RawValue, ...]


class _Leave:
    """Leave the question blank unless it is required."""


LEAVE: Final = _Leave()
Wish = RawValue | Candidates | _Leave
# A rule for names that follow a pattern (bank questions, per-stage notes); None: no wish.
Rule = Callable[[str], Wish | None]
Fallback = Callable[[Question], list[RawValue]]


@dataclass
class Wishes:
    """What one record would like its answers to be; repeats hold one mapping per instance."""

    fixed: dict[str, Wish] = field(default_factory=dict)
    repeats: dict[str, list[dict[str, Wish]]] = field(default_factory=dict)
    rule: Rule | None = None

    def wish(self, name: str, repeat: str | None, instance: Instance) -> Wish | None:
        if repeat is not None and instance:
            entries = self.repeats.get(repeat, [])
            index = instance[-1]
            return entries[index].get(name) if index < len(entries) else None
        if name in self.fixed:
            return self.fixed[name]
        return self.rule(name) if self.rule is not None else None


@dataclass(frozen=True)
class Catalogue:
    """The records an evidence question may cite: id and kind (form id), in saving order."""

    kinds: Mapping[str, str]

    def allowed(self, question: Question, ids: Sequence[str]) -> list[str]:
        """The ids whose kind the question's choice filter accepts."""
        return [i for i in ids if i in self.kinds and _kind_ok(question, self.kinds[i])]


class _ChoiceRow(EmptyContext):
    """An evidence question's choice filter sees one record row: its ``kind`` column."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self._kind = kind

    def child(self, name: str) -> NodeSet:
        return NodeSet((self._kind,)) if name == "kind" else NodeSet(())


def _kind_ok(question: Question, kind: str) -> bool:
    text = question.bind.choice_filter
    if not text:
        return True
    try:
        return to_boolean(evaluate(parse(text), _ChoiceRow(kind)))
    except ExpressionError:
        return False


@dataclass
class FormFiller:
    """Answers one record of ``spec``; one filler per form, reused across records."""

    spec: FormSpec
    now: dt.datetime
    catalogue: Catalogue
    fallback: Fallback

    def fill(self, wishes: Wishes, rng: random.Random) -> Answers:
        state = FormState.new(self.spec, now=self.now)
        walk = _Walk(self, state, wishes, rng)
        walk.nodes(self.spec.children, (), None)
        walk.repair()
        return state.stored_answers()


@dataclass
class _Walk:
    filler: FormFiller
    state: FormState
    wishes: Wishes
    rng: random.Random

    def nodes(self, nodes: Sequence[Node], instance: Instance, repeat: str | None) -> None:
        for node in nodes:
            if isinstance(node, Group) and node.repeat:
                self.repeat(node, instance)
            elif isinstance(node, Group):
                if self.state.relevant(node.name, instance):
                    self.nodes(node.children, instance, repeat)
            elif node.takes_input and self.state.relevant(node.name, instance):
                self.question(node, instance, repeat)

    def repeat(self, group: Group, parent: Instance) -> None:
        for _entry in self.wishes.repeats.get(group.name, []):
            index = self.state.add_instance(group.name, parent or None)
            at = (*parent, index)
            if not self.state.relevant(group.name, at):
                self.state.remove_instance(group.name, at)
                return
            self.nodes(group.children, at, group.name)

    def question(self, question: Question, instance: Instance, repeat: str | None) -> None:
        wish = self.wishes.wish(question.name, repeat, instance)
        current = self.state.value(question.name, instance or None)
        if wish is None and not _blank(current) and self.acceptable(question, instance):
            return  # a default the plan has no reason to change
        if wish is None and not self.state.required(question.name, instance or None):
            return
        if isinstance(wish, _Leave) and not self.state.required(question.name, instance or None):
            self.state.set_answer(question.name, None, instance or None)
            return
        wished = [] if wish is None or isinstance(wish, _Leave) else _as_list(wish)
        self.answer(question, instance, wished)

    def answer(self, question: Question, instance: Instance, wished: list[RawValue]) -> None:
        index = instance or None
        for value in [*self.evidence(question, wished), *self.fallbacks(question, instance)]:
            self.state.set_answer(question.name, value, index)
            if self.acceptable(question, instance):
                return
        raise DemoGenerationError(
            f"No generated answer satisfies the rules of '{question.name}' in the "
            f"{self.filler.spec.form_id} form."
        )

    def evidence(self, question: Question, wished: list[RawValue]) -> list[RawValue]:
        if question.kind != "evidence":
            return wished
        found = []
        for value in wished:
            ids = self.filler.catalogue.allowed(question, _tokens(value))
            if ids:
                found.append(ids)
        return list(found)

    def fallbacks(self, question: Question, instance: Instance) -> list[RawValue]:
        if question.kind == "evidence":
            ids = self.filler.catalogue.allowed(question, list(self.filler.catalogue.kinds))
            return [self.rng.sample(ids, min(2, len(ids)))] if ids else []
        offered = [c.name for c in self.state.choices(question.name, instance or None)]
        if question.kind == "select_one":
            return self.rng.sample(offered, len(offered))
        if question.kind == "select_multiple":
            return [[name] for name in self.rng.sample(offered, len(offered))]
        return self.filler.fallback(question)

    def acceptable(self, question: Question, instance: Instance) -> bool:
        index = instance or None
        value = self.state.value(question.name, index)
        if _blank(value):
            return not self.state.required(question.name, index)
        if question.list_name in self.filler.spec.choices:
            offered = {c.name for c in self.state.choices(question.name, index)}
            if not set(_tokens(value)) <= offered:
                return False
        return self.state.constraint_ok(question.name, index)

    def repair(self) -> None:
        """A later answer can change an earlier rule; answer again what now fails, once."""
        for issue in issues(self.state):
            question = self.state.layout.question(issue.field)
            if question is None:
                break
            at = self._instance_of(question, issue.repeat_index)
            self.answer(question, at, [])
        remaining = issues(self.state)
        if remaining:
            names = ", ".join(sorted({f"{i.field} ({i.kind})" for i in remaining}))
            raise DemoGenerationError(
                f"Generated {self.filler.spec.form_id} answers still fail: {names}."
            )

    def _instance_of(self, question: Question, index: int | None) -> Instance:
        if index is None:
            return ()
        return next(i for i in self.state.instances(question.name) if i[-1] == index)


def _as_list(wish: RawValue | Candidates) -> list[RawValue]:
    return list(wish.values) if isinstance(wish, Candidates) else [wish]


def _tokens(value: RawValue) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(token) for token in value]
    return str(value).split() if value is not None else []


def _blank(value: RawValue) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)
