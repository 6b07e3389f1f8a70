"""Overrides: one reader, one check, one applier, the same errors everywhere."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ontable.io import CaseError, load_case
from ontable.model import Case, Override, Scenario
from ontable.model.arrays import case_arrays
from ontable.model.overrides import (
    OverrideError,
    apply_overrides,
    format_override,
    make_override,
    parse_override,
)
from ontable.sweep import input_space
from ontable.web.views import overrides_from_form


@pytest.fixture
def gappy(mini_path: Path) -> Case:
    """The mini case without the broker's stance on aid."""
    case = load_case(mini_path)
    stances = tuple(s for s in case.stances if (s.party, s.issue) != ("broker", "aid"))
    return case.model_copy(update={"stances": stances})


def test_text_round_trip(mini_path: Path) -> None:
    case = load_case(mini_path)
    for text in ("north.salience.border=12.5", "broker.capability=70", "south.batna=0.05"):
        assert format_override(parse_override(text, case)) == text


def test_missing_stance_is_an_error_in_every_reader(gappy: Case) -> None:
    message = "'broker' has no stance on 'aid'"
    with pytest.raises(OverrideError, match=message):
        parse_override("broker.position.aid=10", gappy)
    with pytest.raises(OverrideError, match=message):
        make_override(gappy, "broker", "salience", "aid", 10)
    missing = Override(party="broker", field="position", issue="aid", value=10)
    with pytest.raises(OverrideError, match=message):
        gappy.with_overrides([missing])
    with pytest.raises(OverrideError, match=message):
        input_space(gappy, overrides=[missing])
    scenario = Scenario(id="bad", overrides=(missing,))
    with pytest.raises(OverrideError, match=message):
        case_arrays(gappy.model_copy(update={"scenarios": (gappy.scenarios[0], scenario)}), "bad")


def test_override_error_is_both_value_and_key_error(gappy: Case) -> None:
    with pytest.raises(ValueError, match="unknown party 'west'"):
        parse_override("west.batna=0.1", gappy)
    with pytest.raises(KeyError, match="unknown party 'west'"):
        gappy.with_overrides([Override(party="west", field="batna", value=0.1)])


def test_web_form_reads_through_the_same_checks(mini_path: Path) -> None:
    case = load_case(mini_path)
    got = overrides_from_form(case, {"position__north__border": "40", "batna__south": "0.3"})
    assert got == [Override(party="north", field="position", issue="border", value=40.0)]
    with pytest.raises(ValueError, match="position__north__border: value 140 is outside"):
        overrides_from_form(case, {"position__north__border": "140"})
    # a stance the case lacks has no form field, so the form cannot name it
    gappy = case.model_copy(update={"stances": case.stances[1:]})
    assert overrides_from_form(gappy, {"position__north__border": "40"}) == []


def test_fix_collapses_the_range_widen_keeps_it(mini_path: Path) -> None:
    case = load_case(mini_path)
    shock = parse_override("north.position.border=85", case)
    assert apply_overrides(case, [shock]).stance("north", "border").position_range == (80, 100)  # type: ignore[union-attr]
    fixed = apply_overrides(case, [shock], fix=True)
    assert fixed.stance("north", "border").position_range == (85, 85)  # type: ignore[union-attr]
    low, high = case_arrays(fixed, bound="low"), case_arrays(fixed, bound="high")
    assert low.positions[0, 0] == high.positions[0, 0] == 85


def test_validate_reports_a_scenario_override_of_a_missing_stance(mini_copy: Path) -> None:
    case_file = mini_copy / "case.yaml"
    text = case_file.read_text()
    text = text.replace(
        '  - {party: broker, issue: aid, position: 50, salience: 40, rationale: invented, sources: ["https://example.org/broker"]}\n',
        "",
    )
    text += "      - {party: broker, field: position, issue: aid, value: 10}\n"
    case_file.write_text(text)
    with pytest.raises(CaseError) as info:
        load_case(mini_copy)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1, problems
    assert "scenarios[0].overrides[1].issue: 'broker' has no stance on 'aid'" in problems[0]


def test_missing_stance_is_weightless_and_inside_the_stated_range(gappy: Case) -> None:
    arrays = case_arrays(gappy)
    b, aid = arrays.party_ids.index("broker"), arrays.issue_ids.index("aid")
    assert arrays.stated is not None and not arrays.stated[b, aid]
    assert arrays.saliences[b, aid] == 0
    stated = arrays.positions[arrays.stated[:, aid], aid]
    assert stated.min() <= arrays.positions[b, aid] <= stated.max()
    assert np.array_equal(case_arrays(gappy, bound="low").positions[b], arrays.positions[b])


def test_validate_command_names_the_scenario_override(cli, mini_copy: Path) -> None:  # type: ignore[no-untyped-def]
    case_file = mini_copy / "case.yaml"
    lines = case_file.read_text().splitlines(keepends=True)
    text = "".join(line for line in lines if "{party: broker, issue: aid," not in line)
    case_file.write_text(text + "      - {party: broker, field: salience, issue: aid, value: 10}\n")
    result = cli("validate", str(mini_copy))
    assert result.code == 1, result.stdout
    assert "scenarios[0].overrides[1].issue: 'broker' has no stance on 'aid' to change" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
