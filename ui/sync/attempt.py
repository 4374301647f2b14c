"""Run one quick sync call from a slot: its result, or None after the error is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ncpi_field.errors import UserError
from ui import errors

T = TypeVar("T")


def attempt(parent: QWidget, call: Callable[[], T]) -> T | None:
    """A refusal shows its message; anything else is an internal error (logged, no values)."""
    try:
        return call()
    except UserError as exc:
        errors.show_user_error(exc, parent)
    except Exception as exc:
        errors.show_crash(exc, parent)
    return None
