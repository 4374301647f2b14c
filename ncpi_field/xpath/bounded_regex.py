"""regex() patterns run on RE2: time linear in the text checked, whatever the pattern.

A form's constraint runs on every keystroke, so a backtracking engine lets one badly written
pattern (``^(a|a)*$``, ``a*a*a*a*``) freeze the app for minutes. RE2 never backtracks; the
price is that it cannot run backreferences or lookaround, which ``forms check`` refuses.

Semantics follow JavaRosa (ODK Collect), which calls Java's ``Pattern.matches``: the whole
value must match, so ``regex('xAB12', '[A-Z]{2}[0-9]+')`` is false. RE2's ``\\w``, ``\\d`` and
``\\s`` are ASCII-only, as Java's are by default.
"""

from __future__ import annotations

import functools
from typing import Final, Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

from ncpi_field.xpath.errors import ExpressionError

MAX_PATTERN_LENGTH: Final = 500
MAX_SUBJECT_LENGTH: Final = 10_000
_UNSUPPORTED: Final = (
    "NCPI Field runs patterns with RE2, which has no backreferences (\\1), lookahead or "
    "lookbehind ((?=, (?!, (?<=, (?<!), possessive quantifiers (*+) or atomic groups ((?>)"
)


class CompiledPattern(Protocol):
    """The one method of RE2's compiled pattern this engine uses."""

    def fullmatch(self, text: str) -> object | None: ...


def _options() -> object:
    options = re2.Options()
    options.log_errors = False  # else RE2 prints every refused pattern to stderr
    return options


_OPTIONS: Final = _options()


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, in a form author's words, or None if it can."""
    try:
        compile_pattern(pattern)
    except ExpressionError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> CompiledPattern:
    """Compile a form's pattern, refusing long ones and ones RE2 cannot run."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(f"a regex() pattern may be at most {MAX_PATTERN_LENGTH} characters")
    try:
        compiled: CompiledPattern = re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        raise ExpressionError(
            f"the regex() pattern is not valid here ({_reason(error)}); {_UNSUPPORTED}"
        ) from None
    except UnicodeEncodeError:  # an unpaired surrogate has no UTF-8 form for RE2
        raise ExpressionError("the regex() pattern is not valid Unicode text") from None
    return compiled


def matches(pattern: str, subject: str) -> bool:
    """Whether the whole of ``subject`` matches ``pattern`` (Java's ``Pattern.matches``)."""
    if len(subject) > MAX_SUBJECT_LENGTH:
        raise ExpressionError(f"regex() checks at most {MAX_SUBJECT_LENGTH} characters")
    compiled = compile_pattern(pattern)
    try:
        return compiled.fullmatch(subject) is not None
    except UnicodeEncodeError:  # the message must not quote the answer
        raise ExpressionError("regex() cannot check text that is not valid Unicode") from None


def _reason(error: Exception) -> str:
    reason = error.args[0] if error.args else ""
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
