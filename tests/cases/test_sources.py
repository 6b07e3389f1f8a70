"""Sources of the built-in cases: every page catalogued with a kind, no excluded domain alone.

The rules are the coding guide's, the same for every built-in case, so each test that checks a
rule runs on every case ``builtin_cases()`` lists."""

from __future__ import annotations

import json

import pytest

from ontable.analysis import EXCLUDED_DOMAINS, is_excluded, source_mix
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


def test_state_media_alone_carries_only_its_own_partys_positions(case: Case) -> None:
    """A party's media is cited alone only for that party's stances and documents; for
    anything else it stands beside another kind of source, or the note names it."""
    by_url = {r.url: r for r in case.references}

    def alone(urls: tuple[str, ...]) -> set[str | None]:
        if all(by_url[u].kind == "party-media" for u in urls):
            return {by_url[u].party for u in urls}
        return set()

    for s in case.stances:
        assert alone(s.sources) <= {s.party}, (s.party, s.issue)
    for d in case.documents:
        own = set(d.drafters) | set(d.consulted)
        for p in d.provisions:
            parties = alone(p.sources)
            if parties and not parties & own:
                names = [by_url[u].publisher or "" for u in p.sources]
                assert p.note and any(n.split()[0] in p.note for n in names), (d.id, p.id)


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
