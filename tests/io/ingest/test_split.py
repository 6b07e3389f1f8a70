"""Splitting a text into points: numbering schemes, nesting, preamble and headings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ontable.io.ingest import PREAMBLE_ID, split_points


def _shape(text: str) -> list[tuple[str, str | None, str]]:
    return [(s.id, s.parent, s.text) for s in split_points(text).segments]


def test_numbers_letters_and_romans_nest() -> None:
    text = (
        "Framework\n\n"
        "Opening words of the draft.\n\n"
        "1. First point.\n"
        "   a. Its first sub-point\n"
        "      that wraps onto a second line.\n"
        "      (i) a detail;\n"
        "      (ii) another detail.\n"
        "   b) Its second sub-point.\n"
        "2) Second point.\n"
        "   (a) Sub-point of the second.\n"
    )
    result = split_points(text)
    assert result.title == "Framework"
    assert _shape(text) == [
        (PREAMBLE_ID, None, "Opening words of the draft."),
        ("1", None, "First point."),
        ("1a", "1", "Its first sub-point that wraps onto a second line."),
        ("1a.i", "1a", "a detail;"),
        ("1a.ii", "1a", "another detail."),
        ("1b", "1", "Its second sub-point."),
        ("2", None, "Second point."),
        ("2a", "2", "Sub-point of the second."),
    ]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    letters = "abcdefghi"
    text = "1. Head.\n" + "".join(f"   ({c}) item {c}.\n" for c in letters)
    ids = [s.id for s in split_points(text).segments]
    assert ids == ["1", *(f"1{c}" for c in letters)]


def test_decimal_and_indented_numbers_are_sub_points() -> None:
    text = "7. Seven.\n7.1 One under seven.\n7.2 Two under seven.\n8. Eight.\n   1. Nested.\n"
    assert _shape(text) == [
        ("7", None, "Seven."),
        ("7.1", "7", "One under seven."),
        ("7.2", "7", "Two under seven."),
        ("8", None, "Eight."),
        ("8.1", "8", "Nested."),
    ]


def test_bullets_under_a_point_and_in_an_unnumbered_list() -> None:
    assert _shape("1. Money:\n- for roads\n* for schools\n2. Next.\n") == [
        ("1", None, "Money:"),
        ("1.1", "1", "for roads"),
        ("1.2", "1", "for schools"),
        ("2", None, "Next."),
    ]
    result = split_points("Intro line.\n\n- first\n- second\n")
    assert [(s.id, s.numbered) for s in result.segments] == [
        (PREAMBLE_ID, False),
        ("1", False),
        ("2", False),
    ]


def test_a_number_that_does_not_increase_continues_the_point() -> None:
    # A wrapped line that starts with a year or a smaller number is not a new point.
    text = "1. The truce of\n2014. was broken.\n2. Next point.\n1. stray\n"
    assert _shape(text) == [
        ("1", None, "The truce of 2014. was broken."),
        ("2", None, "Next point. 1. stray"),
    ]


def test_point_and_article_prefixes() -> None:
    text = "Article 1: Scope.\nPoint 2. Terms.\n"
    assert [s.id for s in split_points(text).segments] == ["1", "2"]


def test_headings_between_points_title_the_next_point() -> None:
    text = "1. One.\n\nSecurity matters\n\n2. Two.\n"
    segments = split_points(text).segments
    assert [(s.id, s.title) for s in segments] == [("1", None), ("2", "Security matters")]


def test_prose_without_points() -> None:
    result = split_points("Only some prose here. Nothing numbered at all.")
    assert not result.has_points
    assert [s.id for s in result.segments] == [PREAMBLE_ID]


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12))
def test_generated_outline_round_trips(subs: list[int]) -> None:
    """Any outline of numbered points with lettered sub-points splits into exactly its ids."""
    lines = []
    expected = []
    for n, count in enumerate(subs, start=1):
        lines.append(f"{n}. Point number {n}.")
        expected.append((str(n), None))
        for k in range(count):
            letter = "abcdefgh"[k]
            lines.append(f"   {letter}) Sub-point {letter} of {n}.")
            expected.append((f"{n}{letter}", str(n)))
    segments = split_points("\n".join(lines)).segments
    assert [(s.id, s.parent) for s in segments] == expected
    assert all(s.text for s in segments)


def test_one_text_numbering_without_a_dot() -> None:
    text = "Plan\n\n1 North will pay.\n2 South will sign.\n3 The Broker will host."
    assert [(s.id, s.text) for s in split_points(text).segments] == [
        ("1", "North will pay."),
        ("2", "South will sign."),
        ("3", "The Broker will host."),
    ]


def test_numbers_of_any_size_are_points_and_years_are_not() -> None:
    text = "\n".join(f"{k}. Point {k}." for k in range(1, 1003))
    ids = [s.id for s in split_points(text).segments]
    assert ids[-4:] == ["999", "1000", "1001", "1002"]
    wrapped = "1. The accord was signed in\n2025. It holds.\n2. Next."
    assert [s.id for s in split_points(wrapped).segments] == ["1", "2"]


def test_decimal_sub_points_under_a_heading_point() -> None:
    text = "10. US guarantees:\n10.1 North will pay.\n10.2 South will sign."
    assert [(s.id, s.parent) for s in split_points(text).segments] == [
        ("10", None),
        ("10.1", "10"),
        ("10.2", "10"),
    ]


def test_arrow_bullets_under_a_heading_point() -> None:
    text = "10. Guarantees:\n\n→ North will pay;\n→ if South rearms, it will lose them;\n11. Next."
    assert [(s.id, s.parent) for s in split_points(text).segments] == [
        ("10", None),
        ("10.1", "10"),
        ("10.2", "10"),
        ("11", None),
    ]
