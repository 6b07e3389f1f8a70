"""Obligations from sentences: the obligated party, modality, quote, condition, beneficiaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.io import load_case
from ontable.io.ingest import find_obligations, party_lexicon, sentences
from ontable.io.ingest.obligations import PartyLexicon

HARBOUR = Path(__file__).parents[2] / "data" / "ingest" / "harbour"


@pytest.fixture(scope="module")
def mini(mini_path_module: Path) -> PartyLexicon:
    return party_lexicon(load_case(mini_path_module))


@pytest.fixture(scope="module")
def mini_path_module() -> Path:
    return Path(__file__).parents[2] / "data" / "mini"


@pytest.fixture(scope="module")
def harbour() -> PartyLexicon:
    return party_lexicon(load_case(HARBOUR))


def _read(text: str, lexicon: PartyLexicon) -> list[tuple[object, ...]]:
    found, _ = find_obligations(text, lexicon)
    return [(o.on, o.modality, o.quote, o.condition, o.benefits) for o in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South shall hand back the prisoners.", [(("south",), "binding", "shall", None, ())]),
        ("North must not cross the line.", [(("north",), "binding", "must", None, ())]),
        (
            "The Northern Republic commits to open two crossings for South.",
            [(("north",), "binding", "commits to", None, ("south",))],
        ),
        (
            "Southern units are expected to leave the valley.",
            [(("south",), "hedged", "are expected to", None, ())],
        ),
        ("North should free the port.", [(("north",), "hedged", "should", None, ())]),
        ("The Broker aims to hold talks.", [(("broker",), "aspirational", "aims to", None, ())]),
        (
            "South seeks to rejoin the council.",
            [(("south",), "aspirational", "seeks to", None, ())],
        ),
        (
            "North will strive to reduce patrols.",
            [(("north",), "aspirational", "will strive", None, ())],
        ),
        (
            "If the truce holds, North will lift the blockade.",
            [(("north",), "conditional", "If", "If the truce holds", ())],
        ),
        (
            "North will lift the blockade unless South rearms.",
            [(("north",), "conditional", "unless", "unless South rearms", ())],
        ),
        (
            "South will pay the levy provided that North opens the road.",
            [
                (
                    ("south",),
                    "conditional",
                    "provided that",
                    "provided that North opens the road",
                    (),
                )
            ],
        ),
        (
            "North guarantees to South a safe corridor.",
            [(("north",), "binding", "guarantees", None, ("south",))],
        ),
    ],
)
def test_modality_and_party(text: str, expected: list[tuple[object, ...]], mini) -> None:
    assert _read(text, mini) == expected


def test_mirrored_obligation_binds_both_sides_for_each_other(mini) -> None:
    assert _read("Neither side will attack the other.", mini) == [
        (("north",), "binding", "will", None, ("south",)),
        (("south",), "binding", "will", None, ("north",)),
    ]


def test_two_clauses_two_parties(mini) -> None:
    found, _ = find_obligations(
        "North will withdraw and South will demobilise, verified by the Broker.", mini
    )
    assert [(o.on, o.action, o.verified_by) for o in found] == [
        (("north",), "withdraw", ()),
        (("south",), "demobilise, verified by the Broker", ("broker",)),
    ]


def test_receiving_party_is_a_beneficiary_not_the_obligated(mini) -> None:
    found, notes = find_obligations("South will receive aid from the Broker.", mini)
    assert [(o.on, o.benefits) for o in found] == [(("broker",), ("south",))]
    found, notes = find_obligations("South will be granted guarantees.", mini)
    assert found == ()
    assert notes and "who gives it is not stated" in notes[0]


def test_no_party_gives_a_note_not_an_obligation(mini) -> None:
    found, notes = find_obligations("The border will follow the current line.", mini)
    assert found == ()
    assert notes == ("'will' with no party named as the one who acts",)


def test_present_tense_is_binding_and_flagged(mini) -> None:
    found, _ = find_obligations("South caps its troops at 10,000.", mini)
    assert [(o.on, o.modality, o.quote) for o in found] == [(("south",), "binding", None)]
    assert "present tense" in (found[0].note or "")
    found, _ = find_obligations("South caps its troops at 10,000.", mini, present_tense=False)
    assert found == ()


def test_aliases_capitals_and_case_sensitivity(harbour) -> None:
    assert _read("Kestrel will pay.", harbour) == [(("hillmark",), "binding", "will", None, ())]
    assert _read("Hillmarkers should leave.", harbour)[0][:2] == (("hillmark",), "hedged")
    assert _read("HM will pay.", harbour)[0][0] == ("hillmark",)
    # "hm" in lower case is a word, not the alias "HM".
    assert _read("hm, someone will pay.", harbour) == []
    # Group words mean the case's main parties.
    assert [o[0] for o in _read("Both sides will stop fishing.", harbour)] == [
        ("riverland",),
        ("hillmark",),
    ]


def test_every_obligation_is_flagged_for_review(mini) -> None:
    found, _ = find_obligations("North will pay. South should build.", mini)
    assert len(found) == 2
    assert all((o.note or "").startswith("review: ") for o in found)


def test_sentences_keep_abbreviations() -> None:
    assert sentences("The U.S. team will meet. Then the E.U. will sign; talks end.") == [
        "The U.S. team will meet.",
        "Then the E.U. will sign;",
        "talks end.",
    ]


def test_a_negated_cue_keeps_its_not_in_the_action(mini) -> None:
    found, _ = find_obligations("North agrees not to station troops near the line.", mini)
    assert [(o.modality, o.quote, o.action) for o in found] == [
        ("binding", "agrees not to", "not station troops near the line")
    ]


# --- Rules for prose as coders write it (invented sentences, mini and harbour parties) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "is to" / "are to", "undertakes to", "agrees to" bind.
        ("North is to withdraw by May.", [(("north",), "binding", "is to", None, ())]),
        (
            "North and South are to meet every month.",
            [
                (("north",), "binding", "are to", None, ()),
                (("south",), "binding", "are to", None, ()),
            ],
        ),
        (
            "South undertakes to free the port.",
            [(("south",), "binding", "undertakes to", None, ())],
        ),
        ("The Broker agrees to host the talks.", [(("broker",), "binding", "agrees to", None, ())]),
        # "may not" and "cannot" are binding restraints.
        ("South may not fly over the valley.", [(("south",), "binding", "may not", None, ())]),
        ("North cannot station guns there.", [(("north",), "binding", "cannot", None, ())]),
        # "will be expected to" is hedged; "is not required to" asks nothing.
        (
            "South will be expected to report monthly.",
            [(("south",), "hedged", "will be expected to", None, ())],
        ),
        ("South is not required to disarm.", []),
    ],
)
def test_more_cue_words(text: str, expected: list[tuple[object, ...]], mini) -> None:
    assert _read(text, mini) == expected


def test_negated_cues_put_not_in_the_action(mini) -> None:
    found, _ = find_obligations("South may not fly over the valley.", mini)
    assert [o.action for o in found] == ["not fly over the valley"]
    found, _ = find_obligations("North cannot station guns there.", mini)
    assert [o.action for o in found] == ["not station guns there"]


def test_passive_with_an_agent_binds_the_agent(mini) -> None:
    # The party after "by" acts; the party that undergoes the act benefits.
    assert _read("South will be paid by the Broker.", mini) == [
        (("broker",), "binding", "will", None, ("south",))
    ]
    assert _read("North is compensated by South and the Broker.", mini) == [
        (("south",), "binding", None, None, ("north",)),
        (("broker",), "binding", None, None, ("north",)),
    ]


def test_passive_on_what_a_party_owns_binds_the_owner(mini) -> None:
    assert _read("South's army will be capped at 10,000.", mini) == [
        (("south",), "binding", "will", None, ())
    ]
    assert _read("Northern troops will be withdrawn from the valley.", mini) == [
        (("north",), "binding", "will", None, ())
    ]
    # Present tense: "X's forces are capped" is X's own restraint.
    assert [o[:2] for o in _read("South's forces are capped at 10,000.", mini)] == [
        (("south",), "binding")
    ]


def test_passive_on_a_party_itself_names_nobody_who_acts(mini) -> None:
    found, notes = find_obligations("North will be thanked for its restraint.", mini)
    assert found == ()
    assert notes and "passive" in notes[0]
    found, notes = find_obligations("North is welcomed back to the council.", mini)
    assert found == ()


def test_several_parties_in_one_subject(mini) -> None:
    assert [o[0] for o in _read("North, South and the Broker will sign the accord.", mini)] == [
        ("north",),
        ("south",),
        ("broker",),
    ]


def test_a_pronoun_subject_stands_for_the_parties_of_the_sentence_before(mini) -> None:
    found, _ = find_obligations("South will demobilise. It will also hand over its guns.", mini)
    assert [(o.on, o.action) for o in found] == [
        (("south",), "demobilise"),
        (("south",), "also hand over its guns"),
    ]
    found, _ = find_obligations(
        "North and South will sign. Their troops will then pull back.", mini
    )
    assert [o.on for o in found] == [("north",), ("south",), ("north",), ("south",)]
    # Without a pronoun, a subject-less cue is not given to the sentence before.
    found, notes = find_obligations("North will sign. The border will follow the river.", mini)
    assert [o.on for o in found] == [("north",)]
    assert notes == ("'will' with no party named as the one who acts",)


def test_asides_do_not_hide_the_subject(mini) -> None:
    # A relative clause between the subject and its modal verb.
    assert _read("North, which holds the dam, will open the sluices.", mini) == [
        (("north",), "binding", "will", None, ())
    ]
    # A party named in a parenthesis is not the subject.
    assert [o[0] for o in _read("North and South (not the Broker) will sign.", mini)] == [
        ("north",),
        ("south",),
    ]


def test_condition_after_the_main_clause(mini) -> None:
    assert _read("North and South will free the prisoners if the Broker pays the ferry.", mini) == [
        (("north",), "conditional", "if", "if the Broker pays the ferry", ()),
        (("south",), "conditional", "if", "if the Broker pays the ferry", ()),
    ]


def test_condition_before_a_present_tense_main_clause(mini) -> None:
    assert _read("If South rearms, North closes the road.", mini) == [
        (("north",), "conditional", "If", "If South rearms", ())
    ]


def test_a_cue_word_after_a_determiner_is_a_noun(mini) -> None:
    # "a guarantee" is a noun: the sentence is read by its present tense, not as "guarantee".
    assert _read("South offers North a guarantee.", mini) == [
        (("south",), "binding", None, None, ("north",))
    ]
    assert _read("North keeps the security guarantees.", mini)[0][:3] == (
        ("north",),
        "binding",
        None,
    )


def test_a_short_label_before_a_colon_is_not_the_lead(mini) -> None:
    assert [o[:2] for o in _read("Option one: South leaves the valley.", mini)] == [
        (("south",), "binding")
    ]


def test_present_tense_needs_a_verb_after_the_party(mini) -> None:
    # "North delegation arrives": the word after the party is a noun, not North's verb.
    assert _read("North delegation arrives on Monday.", mini) == []
    # Two parties take a plural verb.
    assert [o[0] for o in _read("North and South exchange prisoners.", mini)] == [
        ("north",),
        ("south",),
    ]


def test_a_party_and_its_partner_share_the_subject(harbour) -> None:
    found = _read("Riverland and its Compact partners will patrol the bay.", harbour)
    assert [o[0] for o in found] == [("riverland",), ("compact",)]


# Constructions of published plans and their news reprints, each a rule of its own.


def test_a_frame_it_is_expected_that_hedges_every_clause_after_it(mini) -> None:
    text = "It is expected that North will not cross the river and that South will not rearm."
    assert [o[:2] for o in _read(text, mini)] == [(("north",), "hedged"), (("south",), "hedged")]
    assert [o[:2] for o in _read("It is hoped that South will open the road.", mini)] == [
        (("south",), "aspirational")
    ]


def test_not_expected_to_is_a_hedged_negative_duty(mini) -> None:
    found, _ = find_obligations("North is not expected to cross the river.", mini)
    assert [(o.on, o.modality, o.action) for o in found] == [
        (("north",), "hedged", "not cross the river")
    ]


def test_the_owner_of_a_passive_acts_only_for_its_forces(mini) -> None:
    found, notes = find_obligations("North's sovereignty will be confirmed.", mini)
    assert found == () and "passive 'be confirmed'" in notes[0]
    found, _ = find_obligations("Frozen Southern funds held in North will be unfrozen.", mini)
    assert found == ()  # neither the owner of the funds nor the place they are held acts
    assert [o[:2] for o in _read("The Northern armed forces will be capped at 9,000.", mini)] == [
        (("north",), "binding")
    ]


def test_the_agent_of_by_must_follow_its_own_verb(mini) -> None:
    text = "Upon acceptance of this accord by North, all detainees will be returned."
    found, notes = find_obligations(text, mini)
    assert found == ()
    assert any("no party named as the one who acts" in n for n in notes)
    assert [o[0] for o in _read("The dam will be opened by South.", mini)] == [("south",)]


@pytest.mark.parametrize(
    "subject", ["Both countries", "All parties", "The sides", "The two sides", "Both sides"]
)
def test_group_phrases_stand_for_the_main_parties(subject: str, mini) -> None:
    assert [o[0] for o in _read(f"{subject} will free all detainees.", mini)] == [
        ("north",),
        ("south",),
    ]


def test_a_heading_noun_is_no_verb(mini) -> None:
    assert _read("North guarantees:", mini) == []
    assert _read("Broker guarantees.", mini) == []


def test_a_may_permission_obliges_nobody(mini) -> None:
    assert _read("If South rearms, North may close the road.", mini) == []


def test_a_name_after_a_preposition_is_not_the_subject(mini) -> None:
    assert _read("A working group, chaired by the Broker, will meet monthly.", mini) == []
    assert _read("Funds held in North will be released.", mini) == []


def test_reported_speech_in_a_preamble_obliges_nobody(mini) -> None:
    text = "North must answer by Friday, officials said. The Broker will host the talks."
    found, _ = find_obligations(text, mini, present_tense=False)
    assert [o.on for o in found] == [("broker",)]


def test_sentences_keep_abbreviations_whole() -> None:
    assert sentences("The U.S. will pay. St. Petersburg stays; Kyiv agrees.") == [
        "The U.S. will pay.",
        "St. Petersburg stays;",
        "Kyiv agrees.",
    ]
