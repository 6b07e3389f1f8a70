"""The glossary: every term and abbreviation the report uses, in plain words."""

from __future__ import annotations

from ontable.report.blocks import Section, Table

ID = "glossary"
TITLE = "Glossary"

TERMS: tuple[tuple[str, str], ...] = (
    (
        "condition (who judges it)",
        "What a duty waits on, and who decides that it is met: the duty's own bearer, a "
        "bearer with others, the party it benefits, someone else, or not said. A duty whose "
        "condition its bearer judges is close to discretionary and weighs little.",
    ),
    (
        "exchange link",
        "A link the case codes from one duty to the duties it is traded against "
        "(in_exchange_for), across points and issues. Linked or mirrored duties are matched; "
        "a duty with neither is a reciprocity gap.",
    ),
    (
        "penalty provision",
        "A point saying what happens if another point is broken (sanctions return, "
        "guarantees lapse); it enforces the duties that name it.",
    ),
    (
        "red line",
        "A range of an issue a party has declared it will never accept. A document that "
        "crosses it is refused by that party whatever else the document gives.",
    ),
    (
        "room (zone of agreement)",
        "For one issue around one document: the positions that keep the document worth at "
        "least its BATNA to every party a deal needs, with every other issue held where the "
        "document puts it, minus their red lines.",
    ),
    (
        "actor",
        "Someone a text names who does not bargain (a monitor, an agency, a population): "
        "it may verify, enforce, judge a condition or benefit, but has no stance.",
    ),
    (
        "BATNA",
        "Best alternative to a negotiated agreement: the value (0–1) a party puts on "
        "no deal. A party accepts a document worth at least its BATNA to it.",
    ),
    (
        "bdm",
        "Bueno de Mesquita's expected-utility model (1994, as specified by Scholz, "
        "Calbert & Smith 2011): issue by issue, parties challenge one another when they expect "
        "to gain, and those who expect to lose give way.",
    ),
    (
        "capability",
        "A party's clout at the table (0–100): the resources it can bring to bear "
        "on the outcome. Models weight a party's position by its capability.",
    ),
    (
        "compromise",
        "The capability × salience weighted mean of the parties' positions "
        "(Van den Bos 1991; Achen 2006): where the outcome lands if everyone pulls with their weight.",
    ),
    (
        "exchange",
        "The vote-exchange model of Stokman & Van Oosten (1994): parties trade "
        "concessions on issues they care little about for gains on those they care much about.",
    ),
    (
        "first-order index",
        "The share of the variance of a forecast explained by one input "
        "alone (Sobol 1993): 0.4 means that input's range accounts for 40% of the spread.",
    ),
    ("hedge", 'An obligation worded so that it binds less: "is expected to", "should".'),
    ("ideal point", "The position a party wants on an issue (0–100)."),
    (
        "lean",
        "Where a document sits between the two main parties' ideal points on the "
        "issues that divide them: 0 = the first's positions, 1 = the second's.",
    ),
    (
        "median",
        "The weighted median of the parties' positions (Black 1948): the position no "
        "weighted majority would move away from.",
    ),
    (
        "modality",
        "How firmly an obligation binds: binding (shall, will, must), hedged "
        "(should), aspirational (aims to) or conditional (only if a condition holds).",
    ),
    (
        "Nash bargaining",
        "The package that maximises the product of every party's gain over "
        "its BATNA (Nash 1950), optionally weighted by bargaining power.",
    ),
    (
        "PA-X",
        "The PA-X Peace Agreements Database (University of Edinburgh): its categories "
        "of provisions (ceasefire, security guarantees, …) classify each point.",
    ),
    (
        "patience",
        "How much a party values a deal later against a deal now (0–1, a discount "
        "factor): a more patient party can hold out for more in alternating offers.",
    ),
    (
        "position",
        "Where a party or a document stands on an issue, on a 0–100 scale whose "
        "ends the issue defines (see the appendix).",
    ),
    (
        "probability of accepting",
        "The share of draws of the inputs within their stated "
        "ranges in which a party's utility of a document is at least its BATNA.",
    ),
    ("reciprocity gap", "An obligation on one party that the counterpart does not mirror."),
    ("required party", "A party whose consent a deal needs: when it would not accept, it vetoes."),
    ("salience", "How much an issue matters to a party (0–100) against the other issues."),
    (
        "smp",
        "The spatial model of politics of KAPSARC's Toolkit for Behavioral Analysis "
        "(KTAB): parties bargain over all issues at once, turn by turn, each adopting the "
        "proposal it expects to do best with given the coalitions for and against it.",
    ),
    (
        "Spearman's rho",
        "Rank correlation (−1 … 1) between an input and a forecast across the "
        "sweep: positive when raising the input raises the outcome.",
    ),
    (
        "sweep",
        "Running a model many times with the inputs drawn within their stated ranges, "
        "to see how far its forecast moves (the 5–95% band).",
    ),
    (
        "utility",
        "How good a document is for a party (0 = the farthest possible from its ideal "
        "points, 1 = all of them), weighted by salience.",
    ),
    (
        "zone of agreement",
        "The packages every required party prefers to no deal (also "
        "ZOPA, zone of possible agreement).",
    ),
)
"""Term → meaning, alphabetical (case-insensitive)."""


def section() -> Section:
    """The glossary table."""
    terms = sorted(TERMS, key=lambda t: t[0].lower())
    table = Table("glossary-terms", "Terms used in this report", ("term", "meaning"), tuple(terms))
    return Section(ID, TITLE, "", (table,))
