"""Typed preferences over QSettings: timeouts, window geometry and the open inspection's id;
never case data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", int, bool)
TRUE_WORDS: Final = frozenset({"true", "1", "yes"})

ORGANISATION: Final = "ncpi-field"
APPLICATION: Final = "ncpi-field"


@dataclass(frozen=True)
class Option(Generic[T]):
    """One preference: its key in the store and its default."""

    key: str
    default: T


IDLE_TIMEOUT_MS: Final = Option("lock/idle_timeout_ms", 10 * 60 * 1000)
LOCK_ON_MINIMISE: Final = Option("lock/on_minimise", True)
GEOMETRY_KEY: Final = "window/geometry"
# The folder bundles were last saved to or opened from: a place, never a file name or case data.
BUNDLE_FOLDER_KEY: Final = "sync/bundle_folder"
# The id of the inspection open in the app: an opaque record id, nothing about the inspection.
OPEN_INSPECTION_KEY: Final = "inspection/open_id"
KNOWN_KEYS: Final = frozenset(
    {
        IDLE_TIMEOUT_MS.key,
        LOCK_ON_MINIMISE.key,
        GEOMETRY_KEY,
        BUNDLE_FOLDER_KEY,
        OPEN_INSPECTION_KEY,
    }
)


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
        return max(0, _as_int(self._store.value(IDLE_TIMEOUT_MS.key), IDLE_TIMEOUT_MS.default))

    @idle_timeout_ms.setter
    def idle_timeout_ms(self, value: int) -> None:
        self._set(IDLE_TIMEOUT_MS, max(0, int(value)))

    @property
    def lock_on_minimise(self) -> bool:
        return _as_bool(self._store.value(LOCK_ON_MINIMISE.key), LOCK_ON_MINIMISE.default)

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

    @property
    def bundle_folder(self) -> Path | None:
        """Where the bundle file dialogs open (the folder last used), if it still exists."""
        value = self._store.value(BUNDLE_FOLDER_KEY)
        if not isinstance(value, str) or not value:
            return None
        folder = Path(value)
        return folder if folder.is_dir() else None

    @bundle_folder.setter
    def bundle_folder(self, folder: Path) -> None:
        self._store.setValue(BUNDLE_FOLDER_KEY, str(folder))

    @property
    def open_inspection(self) -> str:
        """The record id of the inspection last open ("" for none): an id, never its content."""
        value = self._store.value(OPEN_INSPECTION_KEY)
        return value.strip() if isinstance(value, str) else ""

    @open_inspection.setter
    def open_inspection(self, record_id: str) -> None:
        self._store.setValue(OPEN_INSPECTION_KEY, record_id)

    def keys(self) -> list[str]:
        return list(self._store.allKeys())

    def file_name(self) -> str:
        return self._store.fileName()

    def sync(self) -> None:
        self._store.sync()

    def _set(self, option: Option[T], value: T) -> None:
        self._store.setValue(option.key, value)


def _as_int(value: object, default: int) -> int:
    """Ini files hand back text; anything unreadable falls back to the default."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def _as_bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in TRUE_WORDS
    return default
