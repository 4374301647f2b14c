"""A persistent cache of parsed form specs: JSON (never pickle) keyed by the workbook's SHA-256.

Parsing a workbook with pyxform takes a few hundred milliseconds in a fresh process; reading the
spec back from JSON takes a few. Forms are not sensitive, so the cache lives in the user's cache
directory (``$XDG_CACHE_HOME/ncpi-field/forms/<sha256>.json``). An entry is used only when its
format, the reader that made it (a digest of the reader's own source and pyxform's version),
the workbook hash and the file stem all match, and it decodes into a well-formed spec; anything
else is ignored and the workbook parsed again. The cache is one more file read back, so it is
checked as strictly as input, but it is no more trusted than the installed code beside it: it
catches corruption and drift, not a person with write access to the user's own files.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Final, get_args

from ncpi_field.atomic import atomic_write
from ncpi_field.errors import UserError
from ncpi_field.xlsform.spec import (
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

FORMAT: Final = 2  # 2: title_field and pii_blocks_completion
CACHE_ENV: Final = "XDG_CACHE_HOME"
_KINDS: Final = frozenset(get_args(QuestionKind))
_TEXT_FIELDS: Final = ("constraint_message", "required_message")
_EXPRESSION_FIELDS: Final = (
    "relevant", "constraint", "required", "calculate", "readonly", "default", "choice_filter",
)  # fmt: skip


class CacheMismatch(ValueError):
    """A cache entry that is not a spec this code would have produced."""


def cache_dir() -> Path:
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / "ncpi-field" / "forms"


@functools.cache
def reader_digest() -> str:
    """Changes whenever the code that turns a workbook into a spec (or pyxform) changes."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    # pyxform's __init__ carries its version; reading it spares a 250 ms import of pyxform.
    pyxform = importlib.util.find_spec("pyxform")
    if pyxform is not None and pyxform.origin:
        digest.update(Path(pyxform.origin).read_bytes())
    package = resources.files("ncpi_field.xlsform")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def cached_spec(
    sha256: str, stem: str, parse: Callable[[], FormSpec], directory: Path | None = None
) -> FormSpec:
    """The spec for a workbook: from the cache if a valid entry exists, else parsed and kept."""
    where = directory or cache_dir()
    spec = load(sha256, stem, where)
    if spec is None:
        spec = parse()
        store(spec, stem, where)
    return spec


def load(sha256: str, stem: str, directory: Path | None = None) -> FormSpec | None:
    """The cached spec, or None when there is none, it does not check out, or others can write.

    A cache directory another user could write to could hold a form they planted: it is not
    read (``store`` tightens it the next time it writes).
    """
    where = directory or cache_dir()
    path = where / f"{sha256}.json"
    try:
        if not _private(where):
            return None
        entry = json.loads(path.read_bytes())
        return _checked(entry, sha256, stem)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(spec: FormSpec, stem: str, directory: Path | None = None) -> None:
    """Keep ``spec``; a cache that cannot be written (read-only home, full disk) is skipped."""
    where = directory or cache_dir()
    entry = {"format": FORMAT, "reader": reader_digest(), "stem": stem, "spec": to_json(spec)}
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        _make_private(where)
        atomic_write(where / f"{spec.sha256}.json", data, what="the form cache")
    except (OSError, UserError):
        return


def _own_levels(where: Path) -> tuple[Path, ...]:
    """The directories the cache owns: the default's ``ncpi-field`` parent too."""
    return (where.parent, where) if where == cache_dir() else (where,)


def _make_private(where: Path) -> None:
    """The cache's own directories, 0700 whatever the umask; looser ones are tightened."""
    for path in _own_levels(where):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o700)


def _private(where: Path) -> bool:
    for path in _own_levels(where):
        info = path.stat()
        if info.st_uid != os.geteuid() or info.st_mode & 0o022:
            return False
    return True


def _checked(entry: Any, sha256: str, stem: str) -> FormSpec:
    if not isinstance(entry, dict):
        raise CacheMismatch("not an object")
    if entry.get("format") != FORMAT or entry.get("reader") != reader_digest():
        raise CacheMismatch("made by another version")
    if entry.get("stem") != stem:
        raise CacheMismatch("another file name")
    spec = from_json(entry["spec"])
    if spec.sha256 != sha256:
        raise CacheMismatch("another workbook")
    return spec


# --- to JSON -----------------------------------------------------------------------------


def to_json(spec: FormSpec) -> dict[str, Any]:
    return {
        "form_id": spec.form_id,
        "version": spec.version,
        "title": _text(spec.title),
        "sha256": spec.sha256,
        "default_language": spec.default_language,
        "languages": list(spec.languages),
        "children": [_node(child) for child in spec.children],
        "choices": {name: _choice_list(cl) for name, cl in spec.choices.items()},
        "title_field": spec.title_field,
        "pii_blocks_completion": spec.pii_blocks_completion,
    }


def _text(text: Text) -> dict[str, str]:
    return dict(text.translations)


def _bind(bind: Bind) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(bind, name) for name in _EXPRESSION_FIELDS}
    out.update({name: _text(getattr(bind, name)) for name in _TEXT_FIELDS})
    return out


def _node(node: Node) -> dict[str, Any]:
    common = {"name": node.name, "label": _text(node.label), "bind": _bind(node.bind)}
    if isinstance(node, Group):
        return {
            **common,
            "node": "group",
            "row": node.row,
            "children": [_node(child) for child in node.children],
            "repeat": node.repeat,
            "repeat_count": node.repeat_count,
            "appearance": node.appearance,
        }
    return {
        **common,
        "node": "question",
        "kind": node.kind,
        "hint": _text(node.hint),
        "row": node.row,
        "list_name": node.list_name,
        "appearance": node.appearance,
        "parameters": dict(node.parameters),
    }


def _choice_list(choices: ChoiceList) -> dict[str, Any]:
    return {
        "name": choices.name,
        "choices": [
            {"name": c.name, "label": _text(c.label), "columns": dict(c.columns)}
            for c in choices.choices
        ],
    }


# --- from JSON, checking every field's type ---------------------------------------------


def from_json(data: Any) -> FormSpec:
    """A spec from its JSON; raises CacheMismatch (or a TypeError/KeyError) for anything else."""
    raw = _mapping(data)
    return FormSpec(
        form_id=_str(raw["form_id"]),
        version=_str(raw["version"]),
        title=_read_text(raw["title"]),
        sha256=_str(raw["sha256"]),
        default_language=_str(raw["default_language"]),
        languages=tuple(_str(language) for language in _list(raw["languages"])),
        children=tuple(_read_node(child) for child in _list(raw["children"])),
        choices={_str(k): _read_choice_list(v) for k, v in _mapping(raw["choices"]).items()},
        title_field=_optional_str(raw["title_field"]),
        pii_blocks_completion=_bool(raw["pii_blocks_completion"]),
    )


def _read_node(data: Any) -> Node:
    raw = _mapping(data)
    name, label, bind = _str(raw["name"]), _read_text(raw["label"]), _read_bind(raw["bind"])
    row, appearance = _int(raw["row"]), _str(raw["appearance"])
    if raw["node"] == "group":
        return Group(
            name, label, bind, row, tuple(_read_node(c) for c in _list(raw["children"])),
            repeat=_bool(raw["repeat"]), repeat_count=_optional_str(raw["repeat_count"]),
            appearance=appearance,
        )  # fmt: skip
    if raw["node"] != "question" or raw["kind"] not in _KINDS:
        raise CacheMismatch("unknown node")
    return Question(
        name, raw["kind"], label, _read_text(raw["hint"]), bind, row,
        list_name=_optional_str(raw["list_name"]), appearance=appearance,
        parameters=_str_map(raw["parameters"]),
    )  # fmt: skip


def _read_bind(data: Any) -> Bind:
    raw = _mapping(data)
    return Bind(
        relevant=_optional_str(raw["relevant"]),
        constraint=_optional_str(raw["constraint"]),
        constraint_message=_read_text(raw["constraint_message"]),
        required=_optional_str(raw["required"]),
        required_message=_read_text(raw["required_message"]),
        calculate=_optional_str(raw["calculate"]),
        readonly=_optional_str(raw["readonly"]),
        default=_optional_str(raw["default"]),
        choice_filter=_optional_str(raw["choice_filter"]),
    )


def _read_choice_list(data: Any) -> ChoiceList:
    raw = _mapping(data)
    choices = tuple(
        Choice(_str(c["name"]), _read_text(c["label"]), _str_map(c["columns"]))
        for c in map(_mapping, _list(raw["choices"]))
    )
    return ChoiceList(_str(raw["name"]), choices)


def _read_text(data: Any) -> Text:
    return Text(_str_map(data))


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise CacheMismatch("expected an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CacheMismatch("expected a list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise CacheMismatch("expected text")
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CacheMismatch("expected a whole number")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise CacheMismatch("expected true or false")
    return value


def _str_map(value: Any) -> dict[str, str]:
    return {_str(k): _str(v) for k, v in _mapping(value).items()}
