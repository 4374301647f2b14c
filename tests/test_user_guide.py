"""The user guide (docs/user-guide) cannot drift from the app silently: its pictures exist,
its links resolve, and every keyboard shortcut it names is one the app defines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.register_window import RegisterWindow

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "user-guide"
PAGES = sorted(GUIDE.glob("*.md"))
MAX_IMAGE_BYTES = 250 * 1024

LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")
KEY = r"(?:F\d{1,2}|Enter|Return|Tab|Escape|[A-Z0-9])"
SHORTCUT = re.compile(rf"\b(?:(?:Ctrl|Alt|Shift)\+)+{KEY}\b|\bF\d{{1,2}}\b")
# Qt's own focus chain, not an action of the app: Tab forward, Shift+Tab back.
QT_NAVIGATION = frozenset({"Shift+Tab"})


def portable(name: str) -> str:
    return QKeySequence(name).toString(QKeySequence.SequenceFormat.PortableText)


def links(page: Path) -> list[tuple[bool, str]]:
    """(is an image, target) for every Markdown link and image of ``page``."""
    return [(bang == "!", target) for bang, target in LINK.findall(page.read_text("utf-8"))]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces hyphens."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    return {slug(h) for h in re.findall(r"^#+\s+(.*)$", text, flags=re.MULTILINE)}


def named_shortcuts() -> dict[str, set[str]]:
    """Every shortcut the guide names (portable form), with the pages that name it."""
    found: dict[str, set[str]] = {}
    for page in PAGES:
        for match in SHORTCUT.finditer(page.read_text("utf-8")):
            found.setdefault(match.group(0), set()).add(page.name)
    return found


def undefined(names: set[str], defined: set[str]) -> set[str]:
    return {n for n in names if n not in QT_NAVIGATION and portable(n) not in defined}


@pytest.fixture
def app_shortcuts(qtbot: QtBot) -> set[str]:
    """The shortcuts of a built main window's actions (the work area too) and of the register
    window's own keys, in portable form."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.prepare_work_area()
    register = RegisterWindow(lambda: None)
    qtbot.addWidget(register)
    keys = [s for a in window.findChildren(QAction) for s in a.shortcuts()]
    keys += [s.key() for s in register.findChildren(QShortcut)]
    return {k.toString(QKeySequence.SequenceFormat.PortableText) for k in keys if not k.isEmpty()}


def test_the_guide_has_pages_and_an_index() -> None:
    assert GUIDE / "index.md" in PAGES
    assert len(PAGES) >= 5


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in PAGES:
        for _image, target in links(page):
            if re.match(r"[a-z]+:", target):  # https:, mailto: - not checked offline
                continue
            path_part, _, anchor = target.partition("#")
            resolved = (page.parent / path_part).resolve() if path_part else page
            if not resolved.exists():
                broken.append(f"{page.name} -> {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{page.name} -> {target} (no such heading)")
    assert broken == []


def test_every_image_exists_is_a_small_png_and_is_used() -> None:
    used = set()
    for page in PAGES:
        for image, target in links(page):
            if image:
                path = (page.parent / target).resolve()
                assert path.is_file(), f"{page.name} shows a missing picture {target}"
                assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", target
                assert path.stat().st_size <= MAX_IMAGE_BYTES, target
                used.add(path)
    assert used, "the guide shows no pictures"
    unused = {p.name for p in (GUIDE / "images").glob("*.png")} - {p.name for p in used}
    assert unused == set()


def test_every_named_shortcut_is_one_the_app_defines(app_shortcuts: set[str]) -> None:
    named = named_shortcuts()
    assert {"Ctrl+N", "Ctrl+L", "Ctrl+Shift+K", "F1"} <= set(named)  # the scan finds keys
    missing = {name: sorted(named[name]) for name in undefined(set(named), app_shortcuts)}
    assert missing == {}


def test_a_made_up_shortcut_would_be_caught(app_shortcuts: set[str]) -> None:
    assert portable("Ctrl+Shift+Z") not in app_shortcuts
    assert undefined({"Ctrl+Shift+Z", "Ctrl+N"}, app_shortcuts) == {"Ctrl+Shift+Z"}
    assert SHORTCUT.findall("press **Ctrl+Shift+Z**, then F5") == ["Ctrl+Shift+Z", "F5"]


def test_the_readme_links_the_guide() -> None:
    assert "](docs/user-guide/index.md)" in (ROOT / "README.md").read_text("utf-8")
