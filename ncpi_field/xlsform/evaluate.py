"""Form evaluation: relevance, calculations, requirements, constraints and choices, kept current.

``FormState`` holds one record's answers and everything its expressions say about them. A
change to one answer recomputes only the cells that read it (see ``evaluate_graph``), in
dependency order; ``full_evaluate`` recomputes everything and must always agree.

What others read of a node (its relevance and calculated value, the "state" cells) is
recomputed at once. What nothing else reads (required, readonly, constraint and the choice
filter, the "checks" cells) is only marked stale, and recomputed when first asked for: a
change to the framework every choice filter reads re-filters the selects a view shows, not
every select of a 300-question form.

Each cell's rules are compiled once per spec into a plan (see ``evaluate_plan``): evaluating a
record runs the plan's steps, and a law in tests holds the results to the tree-walking engine's.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Final

from ncpi_field.errors import InvalidRecord
from ncpi_field.xlsform.defaults import is_dynamic as default_is_dynamic
from ncpi_field.xlsform.evaluate_answers import Answers, AnswerTree, FormLayout, Instance, Slot
from ncpi_field.xlsform.evaluate_context import FormContext, FormReader
from ncpi_field.xlsform.evaluate_graph import Cell, DependencyGraph
from ncpi_field.xlsform.evaluate_plan import ChecksStep, EvaluationPlan, Rule, StateStep, Step
from ncpi_field.xlsform.spec import Choice, FormSpec, Question
from ncpi_field.xpath import ExpressionError, RawValue, Value, evaluate, parse, to_boolean
from ncpi_field.xpath import to_string as xpath_string

Clock = Callable[[], dt.datetime]
RepeatIndex = int | tuple[int, ...] | None


class FormState:
    """One record's answers with their computed relevance, values, checks and choices."""

    def __init__(
        self,
        spec: FormSpec,
        answers: Mapping[str, Any] | None = None,
        *,
        language: str | None = None,
        now: Clock | dt.datetime | None = None,
    ) -> None:
        self.spec = spec
        self.language = language or spec.default_language
        self._clock = _as_clock(now)
        self._layout, self._graph, self._plan = _structure(spec)
        self._relevant: dict[Slot, bool] = {}
        self._set_tree(AnswerTree.from_json(self._layout, answers or {}))
        self._required: dict[Slot, bool] = {}
        self._readonly: dict[Slot, bool] = {}
        self._constraint_ok: dict[Slot, bool] = {}
        self._choices: dict[Slot, tuple[str, ...]] = {}
        self._errors: dict[tuple[Slot, str], str] = {}
        self._stale_checks: set[str] = set()  # names whose checks cells wait to be recomputed
        self.full_evaluate()

    @classmethod
    def new(
        cls, spec: FormSpec, *, language: str | None = None, now: Clock | dt.datetime | None = None
    ) -> FormState:
        """A blank record with the form's defaults filled in."""
        state = cls(spec, {}, language=language, now=now)
        state._fill_defaults(())
        state.full_evaluate()
        return state

    # --- evaluation -------------------------------------------------------------------

    def full_evaluate(self) -> None:
        """Recompute every cell of every instance from the answers."""
        for table in (self._relevant, self._required, self._readonly, self._constraint_ok):
            table.clear()
        self._choices.clear()
        self._errors.clear()
        self._stale_checks.clear()
        for step in self._plan.order:
            self._run(step)

    def set_answer(self, name: str, value: RawValue, repeat_index: RepeatIndex = None) -> list[str]:
        """Change one answer (None clears it) and recompute only what depends on it.

        Returns the names of the nodes recomputed, so a view can refresh just those.
        """
        question = self._layout.question(name)
        if question is None or not question.takes_input:
            raise InvalidRecord(f"'{name}' is not a question of this form that takes an answer.")
        slot = (name, self._instance(name, repeat_index))
        if value is None:
            self._tree.values.pop(slot, None)
        else:
            self._tree.values[slot] = value
        affected = self._graph.affected_by(name)
        for cell in affected:
            part, node = cell
            if part == "state":
                self._compute(cell)
            else:  # read by nothing else: recomputed when asked for (see _fresh)
                self._stale_checks.add(node)
        return list(dict.fromkeys(node for _part, node in affected))

    def _fresh(self, name: str) -> None:
        """Recompute ``name``'s checks if a change left them stale (state cells are current)."""
        if name in self._stale_checks:
            self._stale_checks.discard(name)
            self._compute(("checks", name))

    def _refresh_all(self) -> None:
        for name in list(self._stale_checks):
            self._fresh(name)

    def add_instance(self, repeat: str, parent_index: RepeatIndex = None) -> int:
        """Append an instance to a repeat, with its defaults; returns its 0-based index."""
        if not self._layout.is_repeat(repeat):
            raise InvalidRecord(f"'{repeat}' is not a repeat of this form.")
        parent = self._parent_instance(repeat, parent_index)
        index = self._tree.counts.get((repeat, parent), 0)
        self._tree.counts[(repeat, parent)] = index + 1
        self._fill_defaults((*parent, index), repeat)
        self.full_evaluate()
        return index

    def remove_instance(self, repeat: str, repeat_index: RepeatIndex) -> None:
        """Delete one repeat instance; later instances move up."""
        instance = self._instance(repeat, repeat_index)
        answers = self._tree.to_json()
        entries = _entries_at(answers, self._layout.chain[repeat], instance[:-1])
        del entries[instance[-1]]
        self._set_tree(AnswerTree.from_json(self._layout, answers))
        self.full_evaluate()

    def _set_tree(self, tree: AnswerTree) -> None:
        self._tree = tree
        self._reader = FormReader(tree, self._relevant, self.language, self._clock)

    def _compute(self, cell: Cell) -> None:
        part, name = cell
        step = self._plan.state[name] if part == "state" else self._plan.checks.get(name)
        if step is not None:  # a group has no checks
            self._run(step)

    def _run(self, step: Step) -> None:
        instances = self._tree.instances(step.name) if step.in_repeat else _TOP_LEVEL
        if isinstance(step, StateStep):
            for instance in instances:
                self._compute_state(step, instance)
        else:
            for instance in instances:
                self._compute_checks(step, instance)

    def _compute_state(self, step: StateStep, instance: Instance) -> None:
        slot = (step.name, instance)
        relevant = step.parent is None or self._relevant.get(
            (step.parent, instance[: step.parent_depth]), True
        )
        if relevant and step.relevant is not None:
            relevant = self._truth(slot, step.relevant, default=True)
        else:
            self._skipped(slot, step.relevant)
        self._relevant[slot] = relevant
        if step.calculate is not None and relevant:
            value = self._value(slot, step.calculate)
            if value is not None:
                self._tree.values[slot] = _stored(value)
        else:
            self._skipped(slot, step.calculate)

    def _compute_checks(self, step: ChecksStep, instance: Instance) -> None:
        slot = (step.name, instance)
        relevant = self._relevant.get(slot, True)
        required = step.required
        self._required[slot] = (
            relevant and required is not None and self._truth(slot, required, default=False)
        )
        if not relevant:
            self._skipped(slot, required)
        readonly = step.readonly
        self._readonly[slot] = readonly is not None and self._truth(slot, readonly, default=False)
        constraint = step.constraint
        checked = relevant and constraint is not None and not _blank(self._tree.values.get(slot))
        self._constraint_ok[slot] = not checked or self._truth(slot, constraint)
        if not checked:
            self._skipped(slot, constraint)
        if step.choices is not None:
            self._choices[slot] = self._filter_choices(step, slot) if relevant else ()
            if not relevant:
                self._skipped(slot, step.choice_filter)

    def _filter_choices(self, step: ChecksStep, slot: Slot) -> tuple[str, ...]:
        choice_filter = step.choice_filter
        if choice_filter is None or step.choices is None:
            return step.choice_names
        match = step.row_match
        if match is not None:  # the filter's other side read once, not once per choice
            other = match.other(FormContext(self._reader, slot[0], slot[1]))
            return tuple(
                choice.name for choice in step.choices if match.keeps(choice, other, self.language)
            )
        self._skipped(slot, choice_filter)  # run again below, row by row: a failure is found anew
        return tuple(
            choice.name
            for choice in step.choices
            if self._truth(slot, choice_filter, default=False, row=choice)
        )

    def _truth(
        self, slot: Slot, rule: Rule | None, default: bool = True, row: Choice | None = None
    ) -> bool:
        value = None if rule is None else self._value(slot, rule, row)
        return default if value is None else to_boolean(value)

    def _skipped(self, slot: Slot, rule: Rule | None) -> None:
        """A rule not run this time (its question hidden, its answer blank) keeps no failure
        from an earlier run: a blanked answer must not hold an error its rule no longer has."""
        if rule is not None and rule.constant is None:
            self._errors.pop((slot, rule.column), None)

    def _value(self, slot: Slot, rule: Rule, row: Choice | None = None) -> Value | None:
        """An expression's value, or None when it fails (the failure is kept)."""
        if rule.constant is not None:
            return rule.constant  # it cannot fail, so it has no failure to forget either
        key = (slot, rule.column)
        if row is None:
            self._errors.pop(key, None)
        try:
            return rule.run(FormContext(self._reader, slot[0], slot[1], row))
        except ExpressionError as error:
            self._errors[key] = str(error)
            return None

    def _context(self, name: str, instance: Instance, row: Choice | None = None) -> FormContext:
        return FormContext(self._reader, name, instance, row)

    def _fill_defaults(self, instance: Instance, repeat: str | None = None) -> None:
        chain = self._layout.chain[repeat] if repeat else ()
        for question in self.spec.questions():
            slot = (question.name, instance)
            default = question.bind.default
            if default is None or self._layout.chain[question.name] != chain:
                continue
            if slot not in self._tree.values:
                value = self._default_value(question, instance, default)
                if value is not None:
                    self._tree.values[slot] = value

    def _default_value(self, question: Question, instance: Instance, text: str) -> RawValue:
        if not default_is_dynamic(text, question.kind):
            return _static_default(question, text)
        try:
            return _stored(evaluate(parse(text), self._context(question.name, instance)))
        except ExpressionError as error:
            self._errors[((question.name, instance), "default")] = str(error)
            return None

    # --- addressing -------------------------------------------------------------------

    def _instance(self, name: str, repeat_index: RepeatIndex) -> Instance:
        if name not in self._layout.nodes:
            raise InvalidRecord(f"'{name}' is not in this form.")
        depth = len(self._layout.chain[name])
        instance = _as_instance(repeat_index)
        if len(instance) != depth:
            raise InvalidRecord(f"'{name}' needs {depth} repeat index(es), not {len(instance)}.")
        if instance not in self._tree.instances(name):
            raise InvalidRecord(f"'{name}' has no repeat entry at that index.")
        return instance

    def _parent_instance(self, repeat: str, parent_index: RepeatIndex) -> Instance:
        parent = _as_instance(parent_index)
        outer = self._layout.chain[repeat][:-1]
        if len(parent) != len(outer) or (outer and parent not in self._tree.instances(outer[-1])):
            raise InvalidRecord(f"'{repeat}' needs the index of the entry that holds it.")
        return parent

    # --- queries ----------------------------------------------------------------------

    @property
    def layout(self) -> FormLayout:
        return self._layout

    def instances(self, name: str) -> list[Instance]:
        """Every repeat instance ``name`` exists in; [()] outside repeats."""
        return self._tree.instances(name)

    def relevant(self, name: str, repeat_index: RepeatIndex = None) -> bool:
        return self._relevant.get((name, self._instance(name, repeat_index)), True)

    def required(self, name: str, repeat_index: RepeatIndex = None) -> bool:
        self._fresh(name)
        return self._required.get((name, self._instance(name, repeat_index)), False)

    def readonly(self, name: str, repeat_index: RepeatIndex = None) -> bool:
        self._fresh(name)
        return self._readonly.get((name, self._instance(name, repeat_index)), False)

    def constraint_ok(self, name: str, repeat_index: RepeatIndex = None) -> bool:
        self._fresh(name)
        return self._constraint_ok.get((name, self._instance(name, repeat_index)), True)

    def value(self, name: str, repeat_index: RepeatIndex = None) -> RawValue:
        """The stored answer, or the calculated value, of a question."""
        return self._tree.values.get((name, self._instance(name, repeat_index)))

    def choices(self, name: str, repeat_index: RepeatIndex = None) -> tuple[Choice, ...]:
        """The choices a select offers now, after its choice filter."""
        question = self._layout.question(name)
        listed = self.spec.choices.get(question.list_name or "") if question else None
        if listed is None:
            return ()
        self._fresh(name)
        names = set(self._choices.get((name, self._instance(name, repeat_index)), ()))
        return tuple(choice for choice in listed.choices if choice.name in names)

    def choice_names(self, slot: Slot) -> tuple[str, ...] | None:
        """The filtered choice names of a select's slot (None for questions without a list)."""
        self._fresh(slot[0])
        return self._choices.get(slot)

    def evaluate_expression(self, text: str, at: str | None = None) -> Value:
        """Any expression against these answers, as question ``at`` (default: top level) sees it.

        Raises ExpressionError; this is how a form author asks why a question is hidden.
        """
        name = at if at is not None else self._top_level_name()
        if name not in self._layout.chain:
            raise InvalidRecord("The form has no question with that name.")
        instances = self._tree.instances(name) if self._layout.chain[name] else [()]
        if not instances:
            raise InvalidRecord("That question's repeat has no entries to evaluate in.")
        return evaluate(parse(text), self._context(name, instances[0]))

    def _top_level_name(self) -> str:
        for name, chain in self._layout.chain.items():
            if not chain:
                return name
        raise InvalidRecord("The form has no question outside a repeat to evaluate at.")

    def expression_errors(self) -> dict[tuple[Slot, str], str]:
        """Expressions that could not be evaluated: (slot, column) -> plain-words reason."""
        self._refresh_all()
        return dict(self._errors)

    def answers(self) -> Answers:
        """All answers and calculated values, relevant or not (a draft keeps everything)."""
        return self._tree.to_json()

    def stored_answers(self) -> Answers:
        """What a complete record stores: answers of non-relevant questions are dropped."""
        return self._tree.to_json(lambda name, instance: self._relevant.get((name, instance), True))

    def unknown_answers(self) -> list[str]:
        """Names in the answers that the form does not have."""
        return list(self._tree.unknown)

    def snapshot(self) -> dict[str, Any]:
        """Everything computed, for comparing two evaluations."""
        self._refresh_all()
        return {
            "values": dict(self._tree.values),
            "relevant": dict(self._relevant),
            "required": dict(self._required),
            "readonly": dict(self._readonly),
            "constraint_ok": dict(self._constraint_ok),
            "choices": dict(self._choices),
            "errors": dict(self._errors),
        }

    # --- by slot, for checking every answer: a slot here is one ``instances(name)`` gave ---

    @property
    def questions(self) -> tuple[Question, ...]:
        """The form's questions in form order (``spec.questions()``, walked once per spec)."""
        return self._plan.questions

    def relevant_at(self, slot: Slot) -> bool:
        return self._relevant.get(slot, True)

    def value_at(self, slot: Slot) -> RawValue:
        return self._tree.values.get(slot)

    def required_at(self, slot: Slot) -> bool:
        self._fresh(slot[0])
        return self._required.get(slot, False)

    def constraint_ok_at(self, slot: Slot) -> bool:
        self._fresh(slot[0])
        return self._constraint_ok.get(slot, True)

    def expression_reasons(self) -> dict[Slot, list[str]]:
        """``expression_errors()`` by slot, each slot's reasons in the same order."""
        reasons: dict[Slot, list[str]] = {}
        for (slot, _column), reason in self.expression_errors().items():
            reasons.setdefault(slot, []).append(reason)
        return reasons


_TOP_LEVEL: Final[tuple[Instance, ...]] = ((),)
_STRUCTURES: Final = 16
Structure = tuple[FormLayout, DependencyGraph, EvaluationPlan]
_structures: OrderedDict[int, Structure] = OrderedDict()
_structures_lock: Final = threading.Lock()


def _structure(spec: FormSpec) -> Structure:
    """A form's layout, dependency graph and plan, built once per spec object, not per state.

    Every save and every opened record makes a FormState; the graph (every expression parsed
    and sorted) is the same for all of them. Keyed by identity (a spec holds mappings, so it
    is not hashable); the layout holds its spec, so a cached id cannot be reused by another.
    """
    with _structures_lock:
        found = _structures.get(id(spec))
        if found is not None and found[0].spec is spec:
            _structures.move_to_end(id(spec))
            return found
    layout = FormLayout.of(spec)
    graph = DependencyGraph.of(layout)
    structure = (layout, graph, EvaluationPlan.of(layout, graph))
    with _structures_lock:
        _structures[id(spec)] = structure
        while len(_structures) > _STRUCTURES:
            _structures.popitem(last=False)
    return structure


def _as_clock(now: Clock | dt.datetime | None) -> Clock:
    if now is None:
        return dt.datetime.now
    if isinstance(now, dt.datetime):
        fixed = now
        return lambda: fixed
    return now


def _as_instance(repeat_index: RepeatIndex) -> Instance:
    if repeat_index is None:
        return ()
    if isinstance(repeat_index, int):
        return (repeat_index,)
    return tuple(repeat_index)


def _entries_at(answers: Answers, chain: tuple[str, ...], parent: Instance) -> list[Answers]:
    """The list of entries of the last repeat of ``chain`` inside instance ``parent``."""
    level: Answers = answers
    for repeat, index in zip(chain[:-1], parent, strict=True):
        level = level[repeat][index]
    entries: list[Answers] = level.setdefault(chain[-1], [])
    return entries


def _stored(value: Value) -> str:
    """A calculated value as the answer keeps it.

    JavaRosa stores a NaN (0 div 0, number('')) as no answer; it keeps an infinity (1 div 0)
    and writes 'Infinity', which is no xsd:decimal and which JSON cannot hold as a number.
    Both are kept here as blank, so a division by zero leaves the field empty, as a missing
    input would, rather than a value no one can correct.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return xpath_string(value)


def _blank(value: RawValue) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


def _static_default(question: Question, text: str) -> RawValue:
    bounds = question.range
    if question.kind == "integer" or (bounds is not None and not bounds.decimal):
        return int(text) if text.lstrip("-").isdigit() else text
    if question.kind in {"decimal", "range"}:
        try:
            number = float(text)
        except ValueError:
            return text
        # float() reads 'nan' and 'inf' too; JSON holds neither, so those stay text.
        return number if math.isfinite(number) else text
    if question.kind == "select_multiple":
        return text.split()
    return text
