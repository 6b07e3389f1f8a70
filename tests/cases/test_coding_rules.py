"""The coding guide's rules (docs/coding-guide.md), checked alike on every built-in case.

Each test states one rule of the guide and runs on each case shipped with ontable, so a rule
cannot be applied to one negotiation and not to another. Tests of facts a particular text
states stay in that case's own module (``test_ukraine.py``, ``test_gaza.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontable.io import builtin_cases, load_case
from ontable.model import Case

URL = re.compile(r"^https?://\S+$")
TIERS = {1: (85, 100), 2: (65, 85), 3: (40, 65), 4: (20, 40), 5: (0, 20)}
"""The guide's salience tiers and their bands."""
CONTESTED = re.compile(
    r"\b(occupation|occupied|deported|moscow-linked|denazification|genocide|resistance|"
    r"guardianship)\b",
    re.IGNORECASE,
)
"""Terms the parties use of each other that the guide asks to attribute (its examples and
those the built-in cases' texts use)."""
ATTRIBUTION = re.compile(
    r"(in (its|his|their|kyiv's|moscow's) words|its word|his word|its term|\"|regards|calls|"
    r"says|said)",
    re.IGNORECASE,
)
VERDICTS = re.compile(
    r"\b(trades|capitulat|surrender|favours|favors|one-sided|tilted|gives away|victory)\b",
    re.IGNORECASE,
)
"""Words that would conclude what a text amounts to rather than describe it."""
DOCS = Path(__file__).parents[2] / "docs"


@pytest.fixture(scope="module", params=builtin_cases())
def case(request: pytest.FixtureRequest) -> Case:
    return load_case(request.param)


def test_there_are_built_in_cases_to_check() -> None:
    assert len(builtin_cases()) >= 2


def test_every_coded_item_cites_a_url(case: Case) -> None:
    for doc in case.documents:
        assert doc.sources and all(URL.match(u) for u in doc.sources), doc.id
        for p in doc.provisions:
            assert p.sources and all(URL.match(u) for u in p.sources), (doc.id, p.id)
    for s in case.stances:
        assert s.sources and all(URL.match(u) for u in s.sources), (s.party, s.issue)
        assert s.rationale.strip(), (s.party, s.issue)
    for red in case.red_lines:
        assert red.sources and all(URL.match(u) for u in red.sources), (red.party, red.issue)
    for actor in case.actors:
        assert actor.sources and actor.description, actor.id


def test_every_party_figure_has_a_range_a_reason_and_a_source(case: Case) -> None:
    for p in case.parties:
        assert p.sources, p.id
        assert p.capability_range is not None, p.id
        assert p.capability_rationale and "placeholder" not in p.capability_rationale, p.id
        assert p.batna is not None and p.batna_range is not None and p.batna_rationale, p.id
        assert p.patience is not None and p.patience_range is not None, p.id


def test_every_party_has_a_ranged_stance_on_every_issue(case: Case) -> None:
    for party in case.party_ids:
        for issue in case.issue_ids:
            s = case.stance(party, issue)
            assert s is not None, (party, issue)
            assert s.position_range is not None and s.salience_range is not None
            assert s.position_range[0] <= s.position <= s.position_range[1], (party, issue)
            assert s.salience_range[0] <= s.salience <= s.salience_range[1], (party, issue)
    assert len(case.stances) == len(case.party_ids) * len(case.issue_ids)


def test_every_issue_has_two_named_ends_and_a_lexicon(case: Case) -> None:
    for issue in case.issues:
        assert issue.low.strip() and issue.high.strip() and issue.low != issue.high, issue.id
        assert issue.lexicon, issue.id


def test_every_salience_names_its_tier_and_lies_in_its_band(case: Case) -> None:
    for s in case.stances:
        m = re.search(r"Salience tier (\d)(?:-(\d))?: \S", s.rationale)
        assert m, f"{s.party}/{s.issue}: no tier and reason for the salience"
        low_tier, high_tier = int(m.group(1)), int(m.group(2) or m.group(1))
        low = TIERS[max(low_tier, high_tier)][0]
        high = TIERS[min(low_tier, high_tier)][1]
        assert low <= s.salience <= high, (s.party, s.issue, s.salience, m.group(0))


def test_no_deal_values_share_one_prior(case: Case) -> None:
    assert len({p.batna for p in case.parties}) == 1
    assert len({p.batna_range for p in case.parties}) == 1
    assert all(p.batna_rationale and "common rule" in p.batna_rationale for p in case.parties)


def test_an_unspecified_judge_is_said_so_in_the_note(case: Case) -> None:
    for doc in case.documents:
        for p, o in doc.obligations:
            if any(not c.judges for c in o.conditions):
                assert o.note and "judged_by: unspecified" in o.note, (doc.id, p.id, o.action)


def test_named_judges_and_actors_exist_and_every_actor_has_a_role(case: Case) -> None:
    actors = {a.id for a in case.actors}
    assert not actors & set(case.party_ids)
    known = actors | set(case.party_ids)
    used: set[str] = set()
    for doc in case.documents:
        for _, o in doc.obligations:
            for c in o.conditions:
                assert set(c.judges) <= known, (doc.id, c.text)
            used |= set(o.verified_by) | set(o.benefits) | set(o.enforcers)
            used |= {j for c in o.conditions for j in c.judges}
    assert actors <= used, actors - used


def test_every_prevails_over_is_explained(case: Case) -> None:
    for doc in case.documents:
        for p in doc.provisions:
            if p.prevails_over:
                assert p.note and "Prevails over" in p.note, (doc.id, p.id)


def test_beneficiaries_of_elections_are_named_only_by_the_demanding_party(case: Case) -> None:
    """Election clauses name no beneficiary; only a party's own demand codes itself as one."""
    for doc in case.documents:
        for _, o in doc.obligations:
            if o.kind != "hold-elections":
                continue
            if o.benefits:
                assert set(o.benefits) <= set(doc.drafters), (doc.id, o.benefits)
            else:
                assert o.note, f"{doc.id}: an unspecified beneficiary needs its reason"


def test_red_lines_rest_on_the_partys_own_dated_statement(case: Case) -> None:
    for red in case.red_lines:
        assert red.as_of is not None and red.note, (red.party, red.issue)
        stance = case.stance(red.party, red.issue)
        assert stance is not None and not red.crossed_by(stance.position), (red.party, red.issue)


def test_disputed_consultation_is_not_also_coded_as_fact(case: Case) -> None:
    for doc in case.documents:
        disputed = set(doc.consultation_disputed)
        assert not disputed & (set(doc.consulted) | set(doc.excluded)), doc.id
        if disputed:
            assert doc.note and "disputed" in doc.note and len(doc.sources) >= 2, doc.id


def test_contested_terms_are_attributed(case: Case) -> None:
    texts: list[tuple[str, str]] = []
    for doc in case.documents:
        texts.append((doc.id, doc.summary or ""))
        texts += [(f"{doc.id} {p.id}", p.summary) for p in doc.provisions]
    texts += [(f"{s.party}/{s.issue}", s.rationale) for s in case.stances]
    texts += [(i.id, f"{i.name} {i.low} {i.high}") for i in case.issues]
    for where, text in texts:
        for sentence in re.split(r"(?<=[.;])\s", text):
            if CONTESTED.search(sentence):
                assert ATTRIBUTION.search(sentence), f"{where}: unattributed term in {sentence!r}"


def test_document_summaries_describe_rather_than_conclude(case: Case) -> None:
    for doc in case.documents:
        assert not VERDICTS.search(doc.summary or ""), doc.id


def test_the_case_guide_says_how_values_were_set_without_tuning(case: Case) -> None:
    text = (DOCS / f"case-{case.id}.md").read_text()
    assert "common rule" in text or "same prior" in text
    assert "were set so that" not in text and "calibration" not in text.lower()


def test_the_case_validates_from_the_command_line(case: Case, cli) -> None:
    result = cli("validate", case.id)
    assert result.code == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
