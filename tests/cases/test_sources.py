"""Sources of the built-in cases: every page catalogued with a kind, no excluded domain alone.

The rules are the coding guide's, the same for every built-in case, so each test that checks a
rule runs on every case ``builtin_cases()`` lists."""

from __future__ import annotations

import json

import pytest

from ontable.analysis import EXCLUDED_DOMAINS, CitedItem, is_excluded, source_mix
from ontable.io import builtin_cases, load_case
from ontable.model import SOURCE_KINDS, Case

CASE = "ukraine-2025"
CASES = builtin_cases()


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> Case:
    return load_case(request.param)


def test_there_are_several_built_in_cases() -> None:
    assert {"ukraine-2025", "gaza-2025"} <= set(CASES)


def _cited(case: Case) -> set[str]:
    urls = set(case.sources)
    for p in case.parties:
        urls.update(p.sources)
    for a in case.actors:
        urls.update(a.sources)
    for r in case.red_lines:
        urls.update(r.sources)
    for i in case.issues:
        urls.update(i.sources)
    for s in case.stances:
        urls.update(s.sources)
    for d in case.documents:
        urls.update(d.sources)
        for prov in d.provisions:
            urls.update(prov.sources)
    return urls


def test_every_cited_page_is_catalogued_with_a_kind(case: Case) -> None:
    listed = {r.url: r for r in case.references}
    missing = sorted(_cited(case) - set(listed))
    assert not missing, missing
    assert all(r.kind in SOURCE_KINDS for r in case.references)
    unused = sorted(set(listed) - _cited(case))
    assert not unused, unused


def test_party_media_names_its_party(case: Case) -> None:
    for r in case.references:
        if r.kind == "party-media":
            assert r.party in case.party_ids, r.url


def test_no_excluded_domain_is_cited_at_all(case: Case) -> None:
    bad = sorted(u for u in _cited(case) if is_excluded(u))
    assert not bad, bad


def test_no_item_rests_only_on_an_excluded_domain(case: Case) -> None:
    mix = source_mix(case)
    assert not mix.sole_excluded, [(i.group, i.item) for i in mix.sole_excluded]


def test_excluded_domains_are_recognised_with_their_subdomains() -> None:
    assert "news-pravda.com" in EXCLUDED_DOMAINS
    assert is_excluded("https://italy.news-pravda.com/russia/2025/11/21/326905.html")
    assert is_excluded("https://mevius.5ch.net/test/read.cgi/army/1/2")
    assert is_excluded("https://pravda-fr.com/x")
    assert not is_excluded("https://www.pravda.com.ua/eng/news/2025/03/12/7502537/")
    assert not is_excluded("https://english.pravda.ru/x")
    assert is_excluded("https://example.org/a", extra=["example.org"])


def test_an_item_citing_only_an_excluded_domain_is_flagged(case: Case) -> None:
    doc = case.documents[0]
    prov = doc.provisions[0].model_copy(
        update={"sources": ("https://deutsch.news-pravda.com/world/2025/11/21/519611.html",)}
    )
    changed_doc = doc.model_copy(update={"provisions": (prov, *doc.provisions[1:])})
    changed = case.model_copy(update={"documents": (changed_doc, *case.documents[1:])})
    mix = source_mix(changed)
    assert [(i.group, i.item) for i in mix.sole_excluded] == [(f"document:{doc.id}", prov.id)]
    assert mix.unlisted == ("https://deutsch.news-pravda.com/world/2025/11/21/519611.html",)


STATE_OUTLETS = {
    "ukraine-2025": {
        "TASS": "russia",
        "RIA Novosti": "russia",
        "Sputnik": "russia",
        "Moskva 24": "russia",
        "Ukrinform": "ukraine",
        "UNITED24": "ukraine",
    },
    "gaza-2025": {"Anadolu": "mediators", "TRT": "mediators"},
}
"""State-owned outlets of each case's parties, one table for every side (docs/sources.md)."""

NON_PARTY_STATE_OUTLETS = ("Saba", "Lao Động", "Báo Nghệ An", "Vietnam.vn")
"""State media of countries that are not parties: neither a party's voice nor independent."""


def test_state_outlets_of_every_party_are_catalogued_as_that_partys_media(case: Case) -> None:
    """The kind follows ownership, the same rule for every side: a page by (or citing) a
    party's state agency or government platform is that party's media, never a wire."""
    seen = 0
    outlets = STATE_OUTLETS[case.id]
    for r in case.references:
        owners = {p for name, p in outlets.items() if name in (r.publisher or "")}
        if owners:
            seen += 1
            assert r.kind == "party-media", (r.url, r.kind)
            assert {r.party} == owners, (r.url, r.party)
    assert seen, "the rule is checked on at least one catalogued page"
    for r in case.references:
        if any(name in (r.publisher or "") for name in NON_PARTY_STATE_OUTLETS):
            assert r.kind == "other", (r.url, r.kind)


def test_a_partys_media_carries_only_that_partys_own_statements() -> None:
    """A state outlet of party X is never a sole source for a statement of party Y; for X's
    own statements it carries the item (though it is not counted as strong)."""
    url, kind = "https://example.org/state-agency/1", "party-media"
    parties = ("alpha", "beta")
    for owner in parties:
        for speaker in parties:
            item = CitedItem(
                group="stances:" + speaker,
                item="issue",
                urls=(url,),
                kinds=(kind,),
                excluded=(False,),
                parties=(owner,),
                speakers=frozenset({speaker}),
            )
            assert not item.strong
            assert item.weak_only is (owner != speaker)
            assert item.other_party_media is (owner != speaker)
    beside = CitedItem(
        group="document:d",
        item="1",
        urls=(url, "https://example.org/wire/1"),
        kinds=(kind, "wire"),
        excluded=(False, False),
        parties=("alpha", None),
        speakers=frozenset({"beta"}),
    )
    assert beside.strong and not beside.weak_only and not beside.other_party_media


def test_another_partys_media_alone_is_weak_in_the_built_in_case() -> None:
    """End to end: a Russian state-media page as the only source of a provision of the E3
    text (drafted by Europe) is weak; of the Russian memorandum, it carries the point."""
    case = load_case(CASE)
    tass = next(r for r in case.references if r.kind == "party-media" and r.party == "russia")
    docs = {d.id: d for d in case.documents}

    def only_tass(doc_id: str) -> tuple[bool, bool]:
        doc = docs[doc_id]
        prov = doc.provisions[0].model_copy(update={"sources": (tass.url,)})
        changed = doc.model_copy(update={"provisions": (prov, *doc.provisions[1:])})
        others = tuple(d for d in case.documents if d.id != doc_id)
        mix = source_mix(case.model_copy(update={"documents": (changed, *others)}))
        item = next(i for i in mix.items if i.group == f"document:{doc_id}" and i.item == prov.id)
        return item.weak_only, item.other_party_media

    assert only_tass("e3-counter-proposal") == (True, True)
    assert only_tass("russia-june-memorandum") == (False, False)


def test_items_resting_on_another_partys_media_say_so(case: Case) -> None:
    """Where no independent page carries a point, the gap is said in the item's note and the
    item is listed by ``ontable sources``."""
    mix = source_mix(case)
    notes: dict[tuple[str, str], str] = {}
    for d in case.documents:
        for p in d.provisions:
            notes[(f"document:{d.id}", p.id)] = p.note or ""
    for s in case.stances:
        notes[(f"stances:{s.party}", s.issue)] = s.note or ""
    by_url = {r.url: r for r in case.references}
    for item in mix.other_party_media:
        note = notes[(item.group, item.item)]
        assert "Sourcing gap" in note, (item.group, item.item)
        outlets = [
            (by_url[u].publisher or "").split()[0]
            for u, k in zip(item.urls, item.kinds, strict=True)
            if k == "party-media"
        ]
        assert any(o in note for o in outlets), (item.group, item.item, outlets)


@pytest.mark.parametrize("name", CASES)
def test_sources_command_reports_every_built_in_case(cli, name: str) -> None:
    result = cli("sources", name, "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["case_id"] == name
    assert data["totals"]["sole_excluded"] == 0
    assert data["totals"]["unlisted_urls"] == 0
    groups = {r["group"] for r in data["rows"]}
    assert {f"document:{d.id}" for d in load_case(name).documents} <= groups


def test_sources_command_reports_the_mix(cli) -> None:
    result = cli("sources", CASE, "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["sole_excluded"] == 0
    assert data["totals"]["unlisted_urls"] == 0
    share = data["totals"]["provision_strong_share"]
    assert 0 < share <= 1
    groups = {r["group"] for r in data["rows"]}
    assert {f"document:{d}" for d in ("us-28-point-plan", "russia-june-memorandum")} <= groups
    assert "stances:russia" in groups
    table = cli("sources", CASE)
    assert table.code == 0, table.stderr
    assert "provisions with a strong source" in table.stdout


def test_sources_command_rejects_an_unknown_case(cli) -> None:
    result = cli("sources", "no-such-case")
    assert result.code != 0
    assert "Traceback" not in result.stderr


def test_a_case_without_a_catalogue_loads_and_counts_every_page_as_other(mini_path) -> None:
    mini = load_case(mini_path)
    assert mini.references == ()
    url = mini.documents[0].provisions[0].sources[0]
    assert mini.reference(url).kind == "other"
    mix = source_mix(mini)
    assert mix.provision_strong_share == 0
    assert url in mix.unlisted


def test_a_catalogue_entry_gives_its_kind(mini_copy) -> None:
    case_file = mini_copy / "case.yaml"
    url = load_case(mini_copy).documents[0].provisions[0].sources[0]
    case_file.write_text(
        case_file.read_text()
        + f"references:\n  - url: {url}\n    kind: wire\n    translation: true\n"
    )
    mini = load_case(mini_copy)
    assert mini.reference(url).kind == "wire" and mini.reference(url).translation
    mix = source_mix(mini)
    assert mix.provision_strong_share > 0
    assert url not in mix.unlisted


def test_a_page_listed_twice_or_a_bad_kind_is_a_located_error(cli, mini_copy) -> None:
    case_file = mini_copy / "case.yaml"
    base = case_file.read_text()
    case_file.write_text(
        base + "references:\n  - url: https://example.org/a\n  - url: https://example.org/a\n"
    )
    twice = cli("validate", str(mini_copy))
    assert twice.code != 0
    assert (
        "references" in twice.stderr + twice.stdout
        and "listed twice" in twice.stderr + twice.stdout
    )
    case_file.write_text(base + "references:\n  - url: https://example.org/a\n    kind: rumour\n")
    bad = cli("validate", str(mini_copy))
    assert bad.code != 0
    assert "kind" in bad.stderr + bad.stdout and "Traceback" not in bad.stderr
