"""The shipped DEU III data and the DEU-layout reader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from ontable.datasets import ACTORS, dataset_file, load_dataset, read_deu
from ontable.io import CaseError


@pytest.fixture(scope="module")
def deu3():
    return load_dataset("deu3")


def test_counts_match_the_publications(deu3) -> None:
    # DEU II (Thomson et al. 2012): 331 issues of 125 proposals introduced 1996–2008;
    # DEU III (Arregui & Perarnaud 2022) adds 16 dossiers.
    assert (deu3.n_issues, deu3.n_proposals) == (364, 141)
    old = [i for i, d in enumerate(deu3.introduced) if d.year <= 2008]
    assert len(old) == 331
    assert len({deu3.proposal_ids[i] for i in old}) == 125
    new = {p for p, d in zip(deu3.proposal_ids, deu3.introduced, strict=True) if d.year > 2008}
    assert len(new) == 16
    assert min(deu3.introduced) >= date(1996, 1, 1)
    assert max(deu3.introduced) <= date(2019, 12, 31)


def test_values_are_on_the_scale_and_missing_outcomes_are_counted(deu3) -> None:
    for values in (deu3.positions, deu3.saliences, deu3.outcomes, deu3.reference_points):
        finite = values[~np.isnan(values)]
        assert finite.min() >= 0 and finite.max() <= 100
    assert int(np.isnan(deu3.outcomes).sum()) == 11
    assert deu3.positions.shape == (364, len(ACTORS))
    # Every issue has at least two recorded positions, so it is a negotiation.
    assert (~np.isnan(deu3.positions)).sum(axis=1).min() >= 2
    assert set(deu3.procedures) == {"COD", "CNS"}
    assert set(deu3.voting_rules) == {"QMV", "Unan"}


def test_each_proposal_has_one_procedure_and_date(deu3) -> None:
    # The voting rule is per issue (one proposal mixes QMV and unanimity issues).
    seen: dict[str, tuple[str, date]] = {}
    for i, p in enumerate(deu3.proposal_ids):
        meta = (deu3.procedures[i], deu3.introduced[i])
        assert seen.setdefault(p, meta) == meta


def test_licence_and_citation_ship_with_the_data() -> None:
    folder = dataset_file("deu3").parent
    readme = (folder / "README.md").read_text()
    assert "CC BY 4.0" in readme and "10.34810/data53" in readme
    assert "10.34810/data53" in (folder / "CITATION.cff").read_text()
    assert "creativecommons.org/licenses/by/4.0" in (folder / "LICENSE-deu3.md").read_text()


def test_subset_by_proposal(deu3) -> None:
    first = deu3.proposal_ids[0]
    sub = deu3.proposals([first])
    assert set(sub.proposal_ids) == {first}
    assert sub.n_issues == deu3.proposal_ids.count(first)
    with pytest.raises(KeyError):
        deu3.proposals(["no-such-proposal"])


def _write(tmp_path: Path, change: tuple[int, str, str] | None = None, drop: str = "") -> Path:
    lines = dataset_file("deu3").read_text().splitlines()[:4]
    header = lines[0].split("\t")
    if drop:
        k = header.index(f'"{drop}"')
        lines = ["\t".join(c for j, c in enumerate(ln.split("\t")) if j != k) for ln in lines]
    if change is not None:
        row, column, value = change
        cells = lines[row].split("\t")
        cells[header.index(f'"{column}"')] = value
        lines[row] = "\t".join(cells)
    path = tmp_path / "issues.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_reader_accepts_a_small_file(tmp_path: Path) -> None:
    data = read_deu(_write(tmp_path))
    assert data.n_issues == 3 and data.name == "issues"
    assert data.lines == (2, 3, 4)


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [
        ((2, "pde", "120"), "pde", "off the scale"),
        ((3, "out", "high"), "out", "not a number"),
        ((1, "proc", '"XYZ"'), "proc", "COD or CNS"),
        ((1, "intro", '"31-02-2001"'), "intro", "dd-mm-yyyy"),
        ((2, "isnr", '"d00032i1"'), "isnr", "repeats line 2"),
    ],
)
def test_reader_locates_bad_values(tmp_path: Path, change, column, expected) -> None:
    with pytest.raises(CaseError) as info:
        read_deu(_write(tmp_path, change))
    problem = info.value.problems[0]
    assert problem.line == change[0] + 1
    assert problem.field == column
    assert expected in str(problem)


def test_reader_names_missing_columns_and_files(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="missing column: out"):
        read_deu(_write(tmp_path, drop="out"))
    with pytest.raises(CaseError, match="file not found"):
        read_deu(tmp_path / "absent.tsv")
