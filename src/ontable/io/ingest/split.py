"""Plain text → its numbered points (provisions), sub-points kept under their parent.

The id scheme (the ids a coder sees in the new document):

* ``1.``, ``1)``, ``(1)``, ``Point 1``, ``Article 1:`` → ``"1"``: a top-level point. A number
  starts a new point only when it is larger than the last top-level number (so "2025." at
  the start of a wrapped line stays text).
* ``7.1`` under point 7, or ``1.`` indented deeper than point 7's marker → ``"7.1"``.
* ``a.``, ``a)``, ``(a)`` under point 7 → ``"7a"`` (letters run a, b, c, … in order).
* ``(i)``, ``ii.`` under point 7a → ``"7a.i"``, ``"7a.ii"`` (a roman numeral is read as a
  letter when it is the next letter of the run: ``(i)`` after ``(h)`` is the letter i).
* a bullet (``-``, ``*``, ``•``, ``→``, ``►``, …) under point 7 → ``"7.1"``, ``"7.2"``, … in order; a text
  with bullets and no numbers gets top-level ids ``"1"``, ``"2"``, … (flagged for review).
* prose before the first point → ``"preamble"``; later unmarked lines continue the point
  above them. A short stand-alone line without end punctuation is a heading: the first one
  before any point is the document's title, later ones the ``title`` of the next point.

Everything here is pure: text in, :class:`Segment` tuples out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREAMBLE_ID = "preamble"

_PREFIX = r"(?:(?:point|article|clause|section|paragraph|item)\s+)"
_NUMBER = re.compile(
    rf"^(?:{_PREFIX}(?P<pn>\d{{1,6}})[.:)]?|\((?P<bn>\d{{1,6}})\)|(?P<n>\d{{1,6}})[.)])\s+(?=\S)",
    re.IGNORECASE,
)
# "1 Gaza will …": a number and a space, no dot; only read so in a text with no other numbers.
_BARE_NUMBER = re.compile(r"^(?P<n>\d{1,6})\s+(?=[A-Z\"“‘'(])")
_DECIMAL = re.compile(r"^(?P<n>\d{1,6})\.(?P<m>\d{1,6})\.?\s+(?=\S)")
_MAX_JUMP = 100
"""A number more than this above the last point starts a point only when it is not a year."""
_LETTER = re.compile(r"^(?:\((?P<b>[a-z]{1,4})\)|(?P<d>[a-z]{1,4})[.)])\s+(?=\S)")
_BULLET = re.compile(r"^(?:[-*•–—·▪◦‣]\s+|[→►▶➤➢◆■□○●✓]\s*)(?=\S)")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")


@dataclass(frozen=True)
class Segment:
    """One point of the text: its id, its parent's id, its words and where it starts.

    ``numbered`` is false when the id was assigned by the splitter (bullets, preamble) rather
    than printed in the text.
    """

    id: str
    parent: str | None
    text: str
    line: int
    marker: str
    numbered: bool = True
    title: str | None = None


@dataclass(frozen=True)
class SplitText:
    """A text's title (its first heading, if any) and its points in order."""

    title: str | None
    segments: tuple[Segment, ...]

    @property
    def has_points(self) -> bool:
        """Whether the text has any point besides the preamble."""
        return any(s.id != PREAMBLE_ID for s in self.segments)


@dataclass
class _Open:
    """A point being read: its lines are gathered until the next marker."""

    id: str
    parent: str | None
    line: int
    marker: str
    numbered: bool
    title: str | None
    words: list[str]


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _is_heading(lines: list[str], i: int) -> bool:
    """A short stand-alone line that does not end like a sentence."""
    text = lines[i].strip()
    if not text or len(text.split()) > 10 or text[-1] in ".;:,!?":
        return False
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before and after


def split_points(text: str) -> SplitText:
    """Split ``text`` into its numbered points, sub-points and preamble (see the module doc)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered_text = any(_NUMBER.match(raw.strip()) or _DECIMAL.match(raw.strip()) for raw in lines)
    bare = not numbered_text and _bare_numbering(lines)
    numbered_text = numbered_text or bare
    done: list[_Open] = []
    used: set[str] = set()
    preamble: _Open | None = None
    title: str | None = None
    pending_title: str | None = None
    current: _Open | None = None
    top: _Open | None = None
    top_number = 0
    top_indent = 0
    sub_numbers: dict[str, int] = {}
    letters: dict[str, int] = {}
    romans: dict[str, int] = {}
    bullets: dict[str, int] = {}
    letter_parent: _Open | None = None

    def start(
        point_id: str, parent: str | None, line: int, marker: str, numbered: bool = True
    ) -> _Open:
        nonlocal current, pending_title
        unique = point_id
        k = 2
        while unique in used:
            unique = f"{point_id}-{k}"
            k += 1
        used.add(unique)
        opened = _Open(unique, parent, line, marker, numbered, None, [])
        if parent is None:
            opened.title, pending_title = pending_title, None
        done.append(opened)
        current = opened
        return opened

    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            continue
        indent = _indent(raw)
        number = _NUMBER.match(stripped) or (_BARE_NUMBER.match(stripped) if bare else None)
        decimal = _DECIMAL.match(stripped)
        letter = _LETTER.match(stripped)
        bullet = _BULLET.match(stripped)
        lineno = i + 1

        if decimal and top is not None and int(decimal["n"]) == top_number:
            m = int(decimal["m"])
            if m > sub_numbers.get(top.id, 0):
                sub_numbers[top.id] = m
                opened = start(f"{top.id}.{m}", top.id, lineno, decimal.group(0).strip())
                letter_parent = opened
                opened.words.append(stripped[decimal.end() :])
                continue
        if number:
            groups = number.groupdict()
            n = int(groups.get("pn") or groups.get("bn") or groups["n"])
            rest = stripped[number.end() :]
            if top is not None and indent > top_indent + 1:
                if n > sub_numbers.get(top.id, 0):
                    sub_numbers[top.id] = n
                    opened = start(f"{top.id}.{n}", top.id, lineno, number.group(0).strip())
                    letter_parent = opened
                    opened.words.append(rest)
                    continue
            elif n > top_number and _plausible(n, top_number):
                top_number, top_indent = n, indent
                top = start(str(n), None, lineno, number.group(0).strip())
                letter_parent = top
                top.words.append(rest)
                continue
        if letter and top is not None:
            word = (letter["b"] or letter["d"]).lower()
            parent = letter_parent or top
            next_letter = chr(ord("a") + letters.get(parent.id, 0))
            if word == next_letter:
                letters[parent.id] = letters.get(parent.id, 0) + 1
                opened = start(f"{parent.id}{word}", parent.id, lineno, letter.group(0).strip())
                opened.words.append(stripped[letter.end() :])
                continue
            if word in _ROMAN and current is not None:
                lettered = _lettered_self_or_ancestor(done, current) or parent
                if word == _ROMAN[romans.get(lettered.id, 0) % len(_ROMAN)]:
                    romans[lettered.id] = romans.get(lettered.id, 0) + 1
                    point_id = f"{lettered.id}.{word}"
                    opened = start(point_id, lettered.id, lineno, letter.group(0).strip())
                    opened.words.append(stripped[letter.end() :])
                    continue
        if bullet:
            rest = stripped[bullet.end() :]
            host: _Open | None = None
            if current is not None:
                host = current if current.marker != "-" else _parent_of(done, current)
            if host is None and top is not None and not numbered_text and indent > top_indent + 1:
                host = top
            if host is not None:
                k = bullets.get(host.id, 0) + 1
                bullets[host.id] = k
                opened = start(f"{host.id}.{k}", host.id, lineno, "-", numbered=False)
                opened.words.append(rest)
                continue
            if not numbered_text:
                top_number, top_indent = top_number + 1, indent
                top = start(str(top_number), None, lineno, "-", numbered=False)
                letter_parent = top
                top.words.append(rest)
                continue
        if _is_heading(lines, i):
            if title is None and top is None and preamble is None:
                title = stripped
            else:
                pending_title = stripped
            continue
        if current is None:
            if preamble is None:
                preamble = _Open(PREAMBLE_ID, None, lineno, "", False, pending_title, [])
                pending_title = None
                used.add(PREAMBLE_ID)
            preamble.words.append(stripped)
        else:
            current.words.append(stripped)

    opened_all = ([preamble] if preamble is not None else []) + done
    segments = tuple(
        Segment(
            id=o.id,
            parent=o.parent,
            text=_join(o.words),
            line=o.line,
            marker=o.marker,
            numbered=o.numbered,
            title=o.title,
        )
        for o in opened_all
        if _join(o.words)
    )
    # A point whose words were all empty is dropped; its children keep a parent that exists.
    kept = {s.id for s in segments}
    segments = tuple(
        s if s.parent is None or s.parent in kept else _reparent(s, opened_all, kept)
        for s in segments
    )
    return SplitText(title, segments)


def _plausible(n: int, last: int) -> bool:
    """Whether point ``n`` may follow point ``last``: a small step, or a big one that is no year."""
    return n - last <= _MAX_JUMP or not 1800 <= n <= 2199


def _bare_numbering(lines: list[str]) -> bool:
    """Whether the text numbers its points "1 Text", "2 Text": at least two such lines, from 1 up."""
    numbers = [int(m["n"]) for raw in lines if (m := _BARE_NUMBER.match(raw.strip()))]
    return len(numbers) >= 2 and numbers[0] == 1 and numbers[1] == 2


_LETTERED = re.compile(r"^.*\d[a-z]$")


def _lettered_self_or_ancestor(done: list[_Open], node: _Open) -> _Open | None:
    """The nearest lettered point (``7a``) at or above ``node``, if any."""
    by_id = {o.id: o for o in done}
    seen: _Open | None = node
    while seen is not None:
        if _LETTERED.fullmatch(seen.id):
            return seen
        seen = by_id.get(seen.parent) if seen.parent is not None else None
    return None


def _parent_of(done: list[_Open], node: _Open) -> _Open | None:
    return next((o for o in done if o.id == node.parent), None)


def _reparent(segment: Segment, opened: list[_Open], kept: set[str]) -> Segment:
    by_id = {o.id: o for o in opened}
    parent = segment.parent
    while parent is not None and parent not in kept:
        parent = by_id[parent].parent if parent in by_id else None
    return Segment(
        segment.id,
        parent,
        segment.text,
        segment.line,
        segment.marker,
        segment.numbered,
        segment.title,
    )


def _join(words: list[str]) -> str:
    return " ".join(" ".join(words).split())
