"""``ontable ingest`` through the real command line: writing, refusing, evaluating."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.io.ingest.test_extract import make_pdf

DATA = Path(__file__).parents[2] / "data" / "ingest"
URL = "https://example.org/accord"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_ingest_into_the_case_folder_then_refuse_to_overwrite(cli, mini_copy: Path) -> None:
    args = ("ingest", str(DATA / "accord.txt"), "--case", str(mini_copy), "--id", "accord")
    result = cli(*args, "--source", URL, "--date", "2025-03-01", "--drafter", "north")
    assert result.code == 0, result.stderr
    target = mini_copy / "documents" / "accord.yaml"
    # the console wraps long lines at spaces (the temporary folder's path varies in length)
    assert f"wrote {target}: 10 provisions, 9 obligations" in " ".join(result.stdout.split())
    check = cli("validate", str(mini_copy))
    assert check.code == 0, check.stderr
    assert "3 documents, 18 provisions" in check.stdout

    before = target.read_text()
    again = cli(*args, "--source", URL)
    assert again.code == 1
    assert "already has a document 'accord'" in again.stderr
    assert target.read_text() == before
    forced = cli(*args, "--source", "https://example.org/v2", "--force")
    assert forced.code == 0, forced.stderr
    assert "https://example.org/v2" in target.read_text()


def test_html_file_with_an_invented_case(cli, tmp_path: Path) -> None:
    out = tmp_path / "understanding.yaml"
    result = cli(
        "ingest",
        str(DATA / "harbour.html"),
        "--case",
        str(DATA / "harbour"),
        "--id",
        "understanding",
        "--source",
        "https://example.org/harbour",
        "--drafter",
        "compact",
        "-o",
        str(out),
        "--json",
    )
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["provisions"] == 7  # preamble, 1, 1a, 1b, 2, 3, 4
    text = out.read_text()
    assert "title: Harbour Understanding" in text
    assert "text: Unless the stocks fall below the agreed floor" in text
    assert "judged_by: unspecified" in text
    assert "quantity: 300000000 EUR" in text


def test_pdf_made_here(cli, mini_copy: Path, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "plan.pdf",
        [
            "Plan from a PDF",
            "1. North will open the road within 10 days.",
            "2. South should",
            "pay $5 million.",
        ],
    )
    out = tmp_path / "pdf-plan.yaml"
    result = cli(
        "ingest",
        str(pdf),
        "--case",
        str(mini_copy),
        "--id",
        "pdf-plan",
        "--source",
        URL,
        "-o",
        str(out),
    )
    assert result.code == 0, result.stderr
    text = out.read_text()
    assert "modality: hedged" in text and "quote: should" in text
    assert "quantity: 5000000 USD" in text and "quantity: 10 days" in text


def test_builtin_case_needs_an_output_path(cli, tmp_path: Path) -> None:
    result = cli(
        "ingest", str(DATA / "accord.txt"), "--case", "ukraine-2025", "--id", "x", "--source", URL
    )
    assert result.code == 1
    assert "say where to write with -o PATH" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_options(cli, mini_path: Path) -> None:
    result = cli("ingest", str(DATA / "accord.txt"), "--case", str(mini_path), "--id", "x")
    assert result.code == 1
    assert "give the URL the text comes from with --source" in result.stderr
    result = cli("ingest", str(DATA / "accord.txt"), "--case", str(mini_path), "--source", URL)
    assert result.code == 1
    assert "give the new document's id with --id" in result.stderr


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


def _huge(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse


def _scan(path: Path) -> None:
    make_pdf(path, [])


def _prose(path: Path) -> None:
    path.write_text("The sides met and talked. Nothing was numbered or agreed.\n")


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("empty.txt", _empty, "the file is empty"),
        ("binary.txt", _binary, "the file is binary"),
        ("huge.txt", _huge, "larger than the 50 MB limit"),
        ("scan.pdf", _scan, "the PDF has no text layer"),
        ("prose.txt", _prose, "no numbered points found"),
    ],
)
def test_malformed_input_exits_1_and_writes_nothing(
    cli, mini_copy: Path, tmp_path: Path, name: str, make, message: str
) -> None:
    source = tmp_path / name
    make(source)
    before = _files(mini_copy)
    result = cli("ingest", str(source), "--case", str(mini_copy), "--id", "bad", "--source", URL)
    assert result.code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(mini_copy) == before
    source.unlink()


def test_evaluate_against_a_document_id_and_a_file(cli, mini_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "plan-b.txt"
    text.write_text(
        "Plan B\n\n"
        "1. Talks on the border start from the current line after a ceasefire.\n"
        "2. South will cap its troops at 50,000.\n"
        "3. Neither side will attack the other.\n"
        "4. Broker will fund reconstruction for South once a ceasefire holds for 30 days.\n"
    )
    result = cli("ingest", "--evaluate", "plan-b", str(text), "--case", str(mini_path), "--json")
    assert result.code == 0, result.stderr
    scores = json.loads(result.stdout)["scores"]
    # Hand count: 4/4 points; parties (2,south) (3,north) (3,south) (4,broker) all found.
    assert scores["provisions"]["recall"] == 1.0
    assert scores["parties"]["recall"] == 1.0
    assert scores["modality"]["matched"] == 4
    table = cli(
        "ingest",
        "--evaluate",
        str(mini_path / "documents" / "plan-b.yaml"),
        str(text),
        "--case",
        str(mini_path),
    )
    assert table.code == 0, table.stderr
    assert "provisions" in table.stdout and "1.00" in table.stdout
    unknown = cli("ingest", "--evaluate", "plan-z", str(text), "--case", str(mini_path))
    assert unknown.code == 1
    assert "'plan-z' is neither a file nor a document of the case" in unknown.stderr


def test_no_leftover_temporary_files(cli, mini_copy: Path) -> None:
    shutil.copy(DATA / "accord.txt", mini_copy / "accord.txt")
    result = cli(
        "ingest", "accord.txt", "--case", ".", "--id", "accord", "--source", URL, cwd=mini_copy
    )
    assert result.code == 0, result.stderr
    assert not [p for p in (mini_copy / "documents").iterdir() if p.name.startswith(".")]


def test_init_scaffolds_a_case_that_strict_validation_holds_back(cli, tmp_path: Path) -> None:
    made = cli("init", "talks", "--in", str(tmp_path))
    assert made.code == 0, made.stderr
    folder = tmp_path / "talks"
    assert (folder / "case.yaml").is_file() and (folder / "documents").is_dir()
    assert cli("validate", str(folder)).code == 0
    strict = cli("validate", str(folder), "--strict")
    assert strict.code == 1
    assert "parties.party-a: review: placeholder party" in strict.stderr
    assert "3 review notes left" in strict.stderr
    again = cli("init", "talks", "--in", str(tmp_path))
    assert again.code == 1 and "exists" in again.stderr
    assert cli("init", "Bad Name", "--in", str(tmp_path)).code == 1


def test_new_case_proposes_parties_for_a_person_to_confirm(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    assert run_cli("init", "gulf", "--in", str(tmp_path)).code == 0
    folder = tmp_path / "gulf"
    text = tmp_path / "plan.txt"
    text.write_text(
        "Draft accord\n\n1. Atlantis will withdraw its navy.\n"
        "2. Lemuria shall free all detainees.\n3. Atlantis and Lemuria will meet monthly.\n"
    )
    args = ("ingest", str(text), "--case", str(folder), "--new-case", "--id", "accord")
    # The person accepts the first proposal (Atlantis) and the second (Lemuria).
    result = run_cli(*args, "--source", URL, input="y\ny\n")
    assert result.code == 0, result.stderr
    from ontable.io.yamlio import load_yaml, to_plain

    data = to_plain(load_yaml(folder / "case.yaml"))
    assert [p["id"] for p in data["parties"]] == ["atlantis", "lemuria"]
    assert data["main_parties"] == ["atlantis", "lemuria"]
    assert all(p["note"].startswith("review: proposed") for p in data["parties"])
    written = (folder / "documents" / "accord.yaml").read_text()
    assert "drafters:" not in written and "drafters unknown" in written
    assert "does not validate until you fill them in" in result.stderr
    # The document lacks what the text does not say: the case does not validate yet.
    check = run_cli("validate", str(folder))
    assert check.code == 1 and "drafters: missing required field" in check.stderr


def test_a_text_naming_no_party_is_refused_with_the_names_found(cli, tmp_path: Path) -> None:
    text = tmp_path / "other.txt"
    text.write_text("1. Atlantis will pay Lemuria.\n2. Lemuria shall sign.\n")
    out = tmp_path / "x.yaml"
    result = cli(
        "ingest",
        str(text),
        "--case",
        str(DATA / "harbour"),
        "--id",
        "x",
        "--source",
        URL,
        "-o",
        str(out),
    )
    assert result.code == 1
    assert "names no party of case 'harbour'" in result.stderr
    assert "Atlantis" in result.stderr and "Lemuria" in result.stderr
    assert not out.exists()


def test_ingest_score_prints_each_part(cli) -> None:
    manifest = DATA / "corpus" / "manifest.yaml"
    result = cli("ingest-score", str(manifest), "--json")
    assert result.code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == {"tuning", "heldout"}
    assert scores["tuning"]["provisions"]["coded"] >= 40
    missing = cli("ingest-score", str(DATA / "nope.yaml"))
    assert missing.code == 1 and "nope.yaml" in missing.stderr
