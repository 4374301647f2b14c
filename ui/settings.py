"""Typed preferences over QSettings: timeouts and window geometry only, never case data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", int, bool)

ORGANISATION: Final = "ncpi-field"
APPLICATION: Final = "ncpi-field"


@dataclass(frozen=True)
class Option(Generic[T]):
    """One preference: its key in the store, its default and its type."""

    key: str
    default: T
    kind: type[T]


IDLE_TIMEOUT_MS: Final = Option("lock/idle_timeout_ms", 10 * 60 * 1000, int)
LOCK_ON_MINIMISE: Final = Option("lock/on_minimise", True, bool)
GEOMETRY_KEY: Final = "window/geometry"
KNOWN_KEYS: Final = frozenset({IDLE_TIMEOUT_MS.key, LOCK_ON_MINIMISE.key, GEOMETRY_KEY})


class Settings:
    """The app's preferences. Everything here is safe to leave on an unencrypted disk."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def for_user(cls) -> Settings:
        return cls(
            QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
            )
        )

    @classmethod
    def at(cls, path: Path) -> Settings:
        """Settings kept in one ini file (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def idle_timeout_ms(self) -> int:
        """Lock after this long without keyboard or mouse input; 0 turns idle locking off."""
        return max(0, self._get(IDLE_TIMEOUT_MS))

    @idle_timeout_ms.setter
    def idle_timeout_ms(self, value: int) -> None:
        self._set(IDLE_TIMEOUT_MS, max(0, int(value)))

    @property
    def lock_on_minimise(self) -> bool:
        return self._get(LOCK_ON_MINIMISE)

    @lock_on_minimise.setter
    def lock_on_minimise(self, value: bool) -> None:
        self._set(LOCK_ON_MINIMISE, bool(value))

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._store.value(GEOMETRY_KEY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue(GEOMETRY_KEY, value)

    def keys(self) -> list[str]:
        return list(self._store.allKeys())

    def file_name(self) -> str:
        return self._store.fileName()

    def sync(self) -> None:
        self._store.sync()

    def _get(self, option: Option[T]) -> T:
        value = self._store.value(option.key, option.default)
        if option.kind is bool and isinstance(value, str):
            return option.kind(value.strip().lower() in {"true", "1", "yes"})
        try:
            return option.kind(value)
        except (TypeError, ValueError):
            return option.default

    def _set(self, option: Option[T], value: T) -> None:
        self._store.setValue(option.key, value)
