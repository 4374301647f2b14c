"""Hybrid logical clock stamps: wall time that never runs backwards, for display and tie-breaks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

_WALL_DIGITS: Final = 13
_COUNTER_DIGITS: Final = 6


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        """A string that sorts the way the stamps do."""
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, counter, device = text.split(".", 2)
        return cls(int(wall), int(counter), device)


ZERO: Final = Stamp(0, 0, "")


class HybridClock:
    """Issues stamps for one device. Feed it stamps seen from others with ``observe``."""

    def __init__(
        self, device: str, last: Stamp = ZERO, now_ms: Callable[[], int] | None = None
    ) -> None:
        self._device = device
        self._last = last
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)

    @property
    def last(self) -> Stamp:
        return self._last

    def tick(self) -> Stamp:
        wall = max(self._now_ms(), self._last.wall_ms)
        counter = self._last.counter + 1 if wall == self._last.wall_ms else 0
        self._last = Stamp(wall, counter, self._device)
        return self._last

    def observe(self, seen: Stamp) -> None:
        """Never issue a stamp below one already seen."""
        if (seen.wall_ms, seen.counter) > (self._last.wall_ms, self._last.counter):
            self._last = Stamp(seen.wall_ms, seen.counter, self._device)
