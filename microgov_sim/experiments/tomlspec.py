"""Reading TOML input files and reporting every problem in them at once.

Scenario and sweep files are checked field by field. Each problem becomes one line in the
style of a compiler message -- ``file:line: key = value: what is allowed`` -- and all lines of
a file are collected before anything is raised, so that a user fixes a file in one pass.
``tomllib`` does not report where a key sits, so :func:`key_line` finds it in the text.
Problems with model parameters are not checked here: they come as records from the one
validator, :mod:`microgov_sim.model.params`, and :meth:`Problems.extend` gives them a line.

Imports :mod:`microgov_sim.experiments.errors` and the validator's problem records
(:mod:`microgov_sim.model.params`).
"""

from __future__ import annotations

import difflib
import numbers
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model.params import NO_VALUE, Problem
from .errors import UserError
from .names import name_problem

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOKEN = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_TOKEN}(?:\s*\.\s*{_TOKEN})*)\s*=")


def _parts(dotted: str) -> list[str]:
    return [token.strip("\"'") for token in re.findall(_TOKEN, dotted)]


KeyIndex = tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]


def key_lines(text: str) -> KeyIndex:
    """Where the keys of TOML ``text`` are, by their first 1-based line.

    Two maps: every table header and assigned dotted key, and the assigned keys alone
    (``a.b = ...``, not ``[a.b]``).
    """
    anywhere: dict[tuple[str, ...], int] = {}
    assigned: dict[tuple[str, ...], int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _parts(header.group(1))
            anywhere.setdefault(tuple(table), number)
        elif match := _KEY.match(line):
            path = tuple(table + _parts(match.group(1)))
            anywhere.setdefault(path, number)
            assigned.setdefault(path, number)
    return anywhere, assigned


def _line_in(index: KeyIndex, key: str) -> int | None:
    """The line of ``key`` in an index of :func:`key_lines`, else of its first enclosing key.

    A key inside an inline table (``vary.x = {low = 0}``) has the line of its table.
    """
    anywhere, assigned = index
    target = tuple(key.split("."))
    if target in anywhere:
        return anywhere[target]
    enclosing = [assigned[target[:n]] for n in range(1, len(target)) if target[:n] in assigned]
    return min(enclosing, default=None)


def key_line(text: str, key: str) -> int | None:
    """Line number (1-based) where the dotted ``key`` is set in TOML ``text``, if found."""
    return _line_in(key_lines(text), key)


class Problems:
    """Collects problems found in one file; :meth:`raise_if_any` raises them together."""

    def __init__(self, path: str | Path, text: str = ""):
        self.path = str(path)
        self.text = text
        self.lines: list[str] = []
        self._order: list[int] = []
        self._index: KeyIndex | None = None  # built at the first problem

    def add(self, key: str | None, message: str, value: Any = NO_VALUE, *, line: int | None = None):
        """Record a problem at ``key`` (dotted), with the offending ``value`` if any."""
        if line is None and key:
            if self._index is None:
                self._index = key_lines(self.text)
            line = _line_in(self._index, key)
        where = f"{self.path}:{line}" if line else self.path
        what = Problem(key, value, message) if key else message
        self.lines.append(f"{where}: {what}")
        self._order.append(line or 0)

    def extend(self, records: Iterable[Problem], prefix: str | None = None) -> None:
        """Record the problems found by :mod:`microgov_sim.model.params`, at their keys.

        The text after ``file:line:`` is the record's own (``key = value: message``), the same
        as in the model's ``ValueError``; ``prefix`` places the keys in a table (``params``).
        """
        for record in records:
            record = record if prefix is None else record.under(prefix)
            self.add(record.key, record.message, record.value)

    def unknown(self, key: str, allowed: Iterable[str], what: str = "key", value: Any = NO_VALUE):
        """Record an unknown key (or, given ``value``, an unknown value), with a suggestion."""
        name = key.rsplit(".", 1)[-1] if value is NO_VALUE else str(value)
        allowed = sorted(allowed)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        self.add(key, f"unknown {what}; {hint}allowed: {', '.join(allowed)}", value)

    def raise_if_any(self) -> None:
        """Raise :class:`UserError` with every problem recorded so far."""
        if self.lines:  # in file order, problems without a line first
            order = sorted(range(len(self.lines)), key=self._order.__getitem__)
            raise UserError([self.lines[i] for i in order])


MAX_FILE_BYTES = 1_000_000  # a scenario or sweep file is a few kilobytes; /dev/zero is not


def read_toml(path: str | Path) -> tuple[dict[str, Any], str]:
    """Read a TOML file; a missing, unreadable, huge or invalid file raises :class:`UserError`.

    Only regular files of at most :data:`MAX_FILE_BYTES` are read (a device such as
    ``/dev/zero`` or a named pipe would never end), and nesting too deep for the parser is
    reported as such.
    """
    path = Path(path)
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            raise UserError(f"{path}: {what}")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UserError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; is it a TOML file?")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None
    try:
        return tomllib.loads(text), text
    except RecursionError:
        raise UserError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            message = message[: found.start()].strip()
            raise UserError(
                f"{path}:{found.group(1)}: invalid TOML at column {found.group(2)}: {message}"
            ) from None
        raise UserError(f"{path}: invalid TOML: {message}") from None


def take_int(doc: dict, key: str, problems: Problems, default: int, low: int, high=None) -> int:
    """Read an integer field in [low, high] (high None: unbounded), recording problems."""
    value = doc.get(key, default)
    bound = f">= {low}" if high is None else f"in [{low}, {high}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        problems.add(key, f"must be an integer {bound}", value)
        return default
    if value < low or (high is not None and value > high):
        problems.add(key, f"must be an integer {bound}", value)
        return default
    return int(value)


def take_str(doc: dict, key: str, problems: Problems, default: str = "") -> str:
    """Read a string field, recording a problem if it is not a string."""
    value = doc.get(key, default)
    if not isinstance(value, str):
        problems.add(key, "must be a string", value)
        return default
    return value


def take_name(doc: dict, problems: Problems, default: str = "") -> str:
    """Read the ``name`` field (``default`` when absent), recording a problem if it is no name."""
    name = take_str(doc, "name", problems, default) or default
    if name and (problem := name_problem(name)):
        problems.add("name", problem, name)
    return name


def take_table(doc: dict, key: str, problems: Problems) -> dict[str, Any]:
    """Read a table (mapping) field; absent means empty."""
    value = doc.get(key, {})
    if not isinstance(value, dict):
        problems.add(key, "must be a table, e.g. [" + key + "]", value)
        return {}
    return value
