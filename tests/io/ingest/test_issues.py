"""Issues from a case's lexicon and coded provisions; quantities with their units."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.io import load_case
from ontable.io.ingest import find_issues, find_quantities, issue_lexicon
from ontable.io.ingest.issues import PLACEHOLDER_POSITION

HARBOUR = Path(__file__).parents[2] / "data" / "ingest" / "harbour"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An army of 600,000 troops.", [(600_000, "troops")]),
        ("A force of 800k soldiers.", [(800_000, "troops")]),
        ("A fund of $100 billion.", [(100e9, "USD")]),
        ("USD 800 bn over ten years.", [(800e9, "USD")]),
        ("€5 million and 10 billion euros.", [(5e6, "EUR"), (10e9, "EUR")]),
        ("Elections within 100 days.", [(100, "days")]),
        ("A 3 month pause and 2 weeks of talks.", [(3, "months"), (2, "weeks")]),
        ("Cut the levy by 50% or 12.5 per cent.", [(50, "%"), (12.5, "%")]),
        ("Pull back 15 km.", [(15, "km")]),
        ("The army is capped at 85,000.", [(85_000, "troops")]),
        ("Signed in 2025 by 3 parties.", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


def test_bare_number_unit_is_marked_inferred() -> None:
    (q,) = find_quantities("The army is capped at 85,000.")
    assert q.inferred
    assert str(q) == "quantity: 85000 troops"
    assert not find_quantities("An army of 600,000 troops.")[0].inferred


def test_issues_from_lexicon_and_name() -> None:
    lexicon = issue_lexicon(load_case(HARBOUR))
    hits = find_issues("The harbour levy falls and the quota of the catch rises.", lexicon)
    # Case order (fishing before levy), whatever the order in the text.
    assert [(h.issue, h.position, h.from_similarity) for h in hits] == [
        ("fishing", PLACEHOLDER_POSITION, False),
        ("levy", PLACEHOLDER_POSITION, False),
    ]
    assert "'quota'" in hits[0].reason


def test_issue_from_a_similar_coded_provision_and_its_exclusion() -> None:
    case = load_case(HARBOUR)
    text = "The two sides will reopen the ferry crossing between Alda and Kestrel on weekdays."
    (hit,) = find_issues(text, issue_lexicon(case))
    assert (hit.issue, hit.position, hit.from_similarity) == ("ferry", 80.0, True)
    assert "charter-1#1" in hit.reason
    assert find_issues(text, issue_lexicon(case, exclude=("charter-1",))) == ()


def test_unrelated_text_touches_no_issue() -> None:
    lexicon = issue_lexicon(load_case(HARBOUR))
    assert find_issues("The ministers will meet again in spring to review progress.", lexicon) == ()


def test_a_party_name_and_an_idiom_are_no_issue_words(tmp_path: Path) -> None:
    case = load_case(HARBOUR)
    issues = list(case.issues)
    issues[0] = issues[0].model_copy(update={"lexicon": ("Compact", "limited to", "quota")})
    lexicon = issue_lexicon(case.model_copy(update={"issues": tuple(issues)}))
    # "Compact" is a party's name; "not limited to" is an idiom, not a limit.
    assert (
        find_issues("The Compact meets, on matters including but not limited to ferries.", lexicon)
        == ()
    )
    assert [h.issue for h in find_issues("The catch is limited to 10 tonnes.", lexicon)] == [
        "fishing"
    ]
