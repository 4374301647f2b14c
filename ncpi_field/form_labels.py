"""What a person reads for a form's answers: question labels and choice labels, from its spec."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ncpi_field.errors import FormNotFound

if TYPE_CHECKING:  # a spec is made by the forms engine, loaded by whoever made it
    from ncpi_field.xlsform.spec import FormSpec


@dataclass(frozen=True)
class FormLabels:
    """Labels of one form's questions and choices (names fall back to themselves)."""

    questions: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # question -> labels
    computed: frozenset[str] = frozenset()  # calculate, hidden, note: nobody types these
    repeats: frozenset[str] = frozenset()

    def label(self, name: str) -> str:
        return self.questions.get(name) or name

    def shown(self, name: str, value: Any) -> str:
        """An answer as the form shows it: chosen choices by label, lists joined."""
        if value is None or value in ("", []):
            return ""
        labels = self.choices.get(name, {})
        if isinstance(value, list):
            return ", ".join(self.shown(name, item) for item in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return "; ".join(f"{self.label(k)}: {self.shown(k, v)}" for k, v in value.items())
        text = str(value)
        return labels.get(text) or text

    def texts(self, answers: Mapping[str, Any]) -> Iterator[str]:
        """Every answer a person typed or chose, as words (choices by label), repeats too."""
        computed, choices = self.computed, self.choices
        for name, value in answers.items():
            if name in computed:
                continue
            if type(value) is str:  # most answers: the quick way to what ``shown`` gives
                if value:
                    labels = choices.get(name)
                    yield (labels.get(value) or value) if labels else value
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for entry in value:
                    if isinstance(entry, dict):
                        yield from self.texts(entry)
            elif value is not None and value != "":
                yield self.shown(name, value)


NO_LABELS = FormLabels()


def labels_for(spec: FormSpec) -> FormLabels:
    from ncpi_field.xlsform.spec import NON_INPUT_KINDS, Group, Question  # noqa: PLC0415

    questions: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    computed: set[str] = set()
    repeats: set[str] = set()
    for _parents, node in spec.walk():
        questions[node.name] = node.label.get()
        if isinstance(node, Group) and node.repeat:
            repeats.add(node.name)
        if isinstance(node, Question):
            if node.kind in NON_INPUT_KINDS:
                computed.add(node.name)
            listed = spec.choices.get(node.list_name or "")
            if listed is not None:
                choices[node.name] = {c.name: c.label.get() or c.name for c in listed.choices}
    return FormLabels(questions, choices, frozenset(computed), frozenset(repeats))


@functools.lru_cache(maxsize=32)
def installed_labels(form_id: str) -> FormLabels:
    """The labels of the installed form (a record of an unknown form shows names)."""
    from ncpi_field import formstore  # noqa: PLC0415 - the forms engine loads on first use

    try:
        return labels_for(formstore.installed_spec(form_id))
    except FormNotFound:
        return NO_LABELS
