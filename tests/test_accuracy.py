"""The accuracy benchmark: the recorded values hold, the metrics mean what docs/accuracy.md
says (checked on hand-built parse results), and gold.json imports without loss."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from edureports import accuracy, catalog
from edureports.accuracy import GoldDoc, GoldFact
from edureports.cli import main
from edureports.parse.types import Figure, ParsedReport, Period, ReportMeta

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "accuracy" / "corpus" / "dev"
GOLD = ROOT / "accuracy" / "gold" / "dev"
BASELINE = ROOT / "accuracy" / "baseline.toml"
TOLERANCE = 0.005


@cache
def dev_result() -> accuracy.Result:
    """The benchmark on the dev corpus, run once per test session (about 3 s)."""
    return accuracy.run(CORPUS, GOLD)


def test_no_metric_falls_below_its_recorded_value() -> None:
    falls = accuracy.regressions(dev_result(), accuracy.read_baseline(BASELINE), TOLERANCE)
    assert not falls, (
        f"accuracy below {BASELINE.relative_to(ROOT)} (tolerance {TOLERANCE}):\n  "
        + "\n  ".join(falls)
        + "\nA ratio also falls when its denominator grows (more figures classified, more "
        "fields given). If the change means to move these numbers, re-record with "
        "`make accuracy-record` and commit accuracy/baseline.toml; `make accuracy` shows "
        "the table, `.venv/bin/edureports accuracy --details` every miss."
    )


def test_every_gold_text_is_in_the_corpus_and_every_code_in_the_catalog() -> None:
    gold = accuracy.read_gold(GOLD)  # reading checks each code against the catalog
    assert len(gold) == len(list(CORPUS.glob("*.txt")))
    assert all((CORPUS / d.text).is_file() for d in gold)
    assert {
        line.split("\t")[0] for line in (CORPUS / "SOURCES.tsv").read_text("utf-8").splitlines()[1:]
    } >= {d.text for d in gold}


def test_the_recorded_file_is_what_recording_writes() -> None:
    recorded = tomllib.loads(accuracy.baseline_toml(dev_result()))
    assert set(recorded) == set(dev_result().metrics) - accuracy.UNGUARDED
    assert set(accuracy.read_baseline(BASELINE)) == set(recorded)


def test_the_docs_table_shows_the_recorded_values() -> None:
    docs = (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8")
    table = docs[docs.index(accuracy.DOCS_BEGIN) : docs.index(accuracy.DOCS_END)]
    shown = dict(re.findall(r"^\| `([\w.]+)` \| ([\d.]+) \|", table, flags=re.M))
    recorded = accuracy.read_baseline(BASELINE)
    assert {k: float(v) for k, v in shown.items()} == recorded, (
        "docs/accuracy.md and accuracy/baseline.toml disagree: record with `make accuracy-record`"
    )


def test_with_table_replaces_only_the_marked_block() -> None:
    result = accuracy.score([_doc(facts=())], {"a.txt": _report()})
    doc = f"intro\n{accuracy.DOCS_BEGIN}\nold table\n{accuracy.DOCS_END}\nrest\n"
    new = accuracy.with_table(doc, result)
    assert "old table" not in new
    assert new.startswith("intro\n") and new.endswith(f"{accuracy.DOCS_END}\nrest\n")
    assert "| `documents.loaded` | 1.0000 | 1/1 |" in new
    assert accuracy.with_table(new, result) == new
    with pytest.raises(ValueError, match="markers"):
        accuracy.with_table("no markers", result)


# --- the metrics, on hand-built parse results ----------------------------------------


def _doc(**kw: object) -> GoldDoc:
    meta = {
        "bureau": "浏阳市教育局",
        "province": "湖南省",
        "prefecture": "长沙市",
        "county": "浏阳市",
        "region_code": "430181",
        "review_year": 2024,
    }
    meta.update(kw.pop("meta", {}))  # type: ignore[arg-type]
    names = (meta["bureau"],) if meta["bureau"] not in (None, "*") else ()
    return GoldDoc(text="a.txt", meta=meta, bureau_names=kw.pop("bureau_names", names), **kw)  # type: ignore[arg-type]


def _report(figures: list[Figure] = (), **meta: object) -> ParsedReport:  # type: ignore[assignment]
    defaults = {"bureau_name": "浏阳市教育局", "region_code": "430181", "review": Period(2024)}
    defaults.update(meta)
    return ParsedReport(text="", meta=ReportMeta(**defaults), figures=list(figures))  # type: ignore[arg-type]


def _fig(
    code: str, value: float | None, year: int | None = 2024, role: str = "review", **kw: object
) -> Figure:
    return Figure(
        0,
        1,
        "x",
        value,
        "yuan",
        indicator=code,
        period=Period(year) if year else None,
        role=role,
        **kw,
    )  # type: ignore[arg-type]


def _fact(
    code: str | tuple[str, ...], value: float, year: int | None = 2024, role: str = "review"
) -> GoldFact:
    codes = (code,) if isinstance(code, str) else code
    return GoldFact("anchor", codes, value, year, role)


FACT_CASES = [
    # (gold fact, parsed figures, found?, why)
    (_fact("funding_amount", 3e6), [_fig("funding_amount", 3e6)], True, "exact"),
    (_fact("funding_amount", 3e6), [_fig("funding_amount", 3.002e6)], True, "within 0.1 %"),
    (_fact("funding_amount", 3e6), [_fig("funding_amount", 3.004e6)], False, "beyond 0.1 %"),
    (_fact("funding_amount", 3e6), [_fig("funding_amount", 3e6, 2023)], False, "other year"),
    (_fact("funding_amount", 3e6, None), [_fig("funding_amount", 3e6, None)], True, "any year"),
    (
        _fact(("funding_amount", "education_expenditure"), 3e6),
        [_fig("education_expenditure", 3e6)],
        True,
        "an accepted code",
    ),
    (_fact("education_expenditure", 3e6), [_fig("funding_amount", 3e6)], False, "other code"),
    (_fact("funding_amount", 3e6), [_fig("unclassified", 3e6)], False, "unclassified"),
]


@pytest.mark.parametrize(
    ("fact", "figures", "found", "why"), FACT_CASES, ids=[c[3] for c in FACT_CASES]
)
def test_a_gold_fact_is_found_by_code_value_and_year(
    fact: GoldFact, figures: list[Figure], found: bool, why: str
) -> None:
    result = accuracy.score([_doc(facts=(fact,))], {"a.txt": _report(figures)})
    family = catalog.get(fact.codes[0]).family
    assert result.metrics["figures.recall"].hits == found
    assert result.metrics[f"figures.recall.{family}"].hits == found


def test_year_and_role_are_scored_apart_from_classification() -> None:
    facts = (
        _fact("funding_amount", 1e6),
        _fact("funding_amount", 2e6, role="plan"),
        _fact("school_places_added", 300),
    )
    figures = [_fig("funding_amount", 1e6, 2023), _fig("funding_amount", 2e6, role="review")]
    m = accuracy.score([_doc(facts=facts)], {"a.txt": _report(figures)}).metrics
    # two facts have their code and value; one of them the right year
    assert (m["figures.year"].hits, m["figures.year"].total) == (1, 2)
    # the one fact found was meant as plan and read as review
    assert (m["figures.role.plan"].hits, m["figures.role.plan"].total) == (0, 1)
    assert m["figures.role.review"].total == 0


def test_precision_counts_distinct_core_figures_against_gold_and_optional_values() -> None:
    doc = _doc(
        facts=(_fact("funding_amount", 1e6),),
        optional=(_fact("funding_amount", 5e5),),
        not_in_core=(("电脑6834台", 6834.0), ("完成率100%", 100.0)),
    )
    figures = [
        _fig("funding_amount", 1e6),
        _fig("funding_amount", 1e6),  # a restatement counts once
        _fig("funding_amount", 5e5),  # optional: right
        _fig("funding_amount", 6834),  # wrong, and a not_in_core figure taken
        _fig("teachers_recruited", 100),  # not a core code: not judged
        _fig("funding_amount", None, status="redacted"),  # no value: not judged
    ]
    result = accuracy.score([doc], {"a.txt": _report(figures)})
    m = result.metrics
    assert (m["figures.precision"].hits, m["figures.precision"].total) == (2, 3)
    assert (m["figures.precision.funding"].hits, m["figures.precision.funding"].total) == (2, 3)
    assert (m["figures.kept_out_of_core"].hits, m["figures.kept_out_of_core"].total) == (1, 2)
    assert [f.kind for f in result.findings] == ["wrong", "not_in_core"]


META_CASES = [
    # (gold meta, parsed meta, field, (recall hits, total), (precision hits, total), why)
    ({}, {}, "county", (1, 1), (1, 1), "all right"),
    ({}, {"region_code": "430102"}, "county", (0, 1), (0, 1), "another county"),
    ({}, {"region_code": None}, "region_code", (0, 1), (0, 0), "none given"),
    (
        {"county": None, "region_code": None},
        {"region_code": "430100"},
        "region_code",
        (0, 0),
        (1, 1),
        "gold names no county: its prefecture's code is right",
    ),
    (
        {"county": None, "region_code": None},
        {"region_code": "430181"},
        "region_code",
        (0, 0),
        (0, 1),
        "gold names no county: a county is wrong",
    ),
    (
        {"bureau": None},
        {"bureau_name": "xx县教育局"},
        "bureau",
        (0, 0),
        (0, 0),
        "a placeholder bureau is no bureau",
    ),
    (
        {"bureau": None},
        {"bureau_name": "浏阳市教育局"},
        "bureau",
        (0, 0),
        (0, 1),
        "a bureau where the text names none",
    ),
    ({"review_year": "*"}, {"review": None}, "review_year", (0, 0), (0, 0), "not scored"),
    ({}, {"review": Period(2023)}, "review_year", (0, 1), (0, 1), "wrong year"),
]


@pytest.mark.parametrize(
    ("gold", "parsed", "name", "recall", "precision", "why"),
    META_CASES,
    ids=[c[5] for c in META_CASES],
)
def test_metadata_precision_and_recall(
    gold: dict, parsed: dict, name: str, recall: tuple, precision: tuple, why: str
) -> None:
    m = accuracy.score([_doc(meta=gold, facts=())], {"a.txt": _report(**parsed)}).metrics
    assert (m[f"meta.{name}.recall"].hits, m[f"meta.{name}.recall"].total) == recall
    assert (m[f"meta.{name}.precision"].hits, m[f"meta.{name}.precision"].total) == precision


def test_an_accepted_bureau_name_is_right() -> None:
    doc = _doc(
        meta={"bureau": "柴桑区教体局"},
        facts=(),
        bureau_names=("柴桑区教体局", "九江市柴桑区教育体育局"),
    )
    m = accuracy.score([doc], {"a.txt": _report(bureau_name="九江市柴桑区教育体育局")}).metrics
    assert m["meta.bureau.recall"].hits == 1


def test_a_refused_document_misses_everything_and_judges_nothing() -> None:
    doc = _doc(facts=(_fact("funding_amount", 1e6),), not_in_core=(("x", 3.0),), redacted_min=2)
    result = accuracy.score([doc], {"a.txt": "no report text"})
    m = result.metrics
    assert m["documents.loaded"].hits == 0
    assert m["meta.accuracy"].hits == 0 and m["meta.accuracy"].total == 6
    assert m["figures.recall"].total == 1 and m["figures.recall"].hits == 0
    assert m["figures.precision"].total == 0 and m["figures.kept_out_of_core"].total == 0
    assert m["documents.redacted"].hits == 0
    assert [f.kind for f in result.findings] == ["refused", "redacted"]


def test_regressions_name_the_metric_and_both_values() -> None:
    result = accuracy.score([_doc(facts=(_fact("funding_amount", 1e6),))], {"a.txt": _report()})
    falls = accuracy.regressions(result, {"figures.recall": 0.5, "gone.metric": 1.0}, TOLERANCE)
    assert "figures.recall: recorded 0.5000, now 0.0000" in falls
    assert any(line.startswith("gone.metric:") for line in falls)
    assert any(line.startswith("meta.accuracy: new metric") for line in falls)


def test_a_gold_file_with_an_unknown_code_is_refused(tmp_path: Path) -> None:
    good = (GOLD / "01_hechengqu_2025_minsheng.toml").read_text(encoding="utf-8")
    (tmp_path / "bad.toml").write_text(good.replace('"funding_amount"', '"funding"'), "utf-8")
    with pytest.raises(ValueError, match="no such indicator code 'funding'"):
        accuracy.read_gold_file(tmp_path / "bad.toml")


def test_recording_then_checking_passes(tmp_path: Path) -> None:
    doc = _doc(facts=(_fact("funding_amount", 1e6),))
    result = accuracy.score([doc], {"a.txt": _report([_fig("funding_amount", 1e6)])})
    accuracy.record(result, tmp_path / "b.toml")
    assert accuracy.read_baseline(tmp_path / "b.toml")["figures.recall"] == 1.0
    assert accuracy.regressions(result, accuracy.read_baseline(tmp_path / "b.toml")) == []


# --- the importer and the command ----------------------------------------------------


def test_import_gold_writes_files_that_read_back_as_the_json(tmp_path: Path) -> None:
    text = "二〇二四年浏阳市教育局工作总结。投入300万元。"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(text, encoding="utf-8")
    gold = {
        "docs": {
            "a.txt": {
                "bureau": None,
                "province": "湖南省",
                "prefecture": "长沙市",
                "county": "浏阳市",
                "region_code": "430181",
                "review_year": "*",
                "redacted_min": 2,
                "facts": [
                    ["投入300万元", "funding_amount", 3000000, None, "review"],
                    [
                        '"引号"\\反斜线',
                        ["funding_amount", "education_expenditure"],
                        0.5,
                        2024,
                        "plan",
                    ],
                ],
                "not_in_core": [["12间", 12]],
            }
        },
        "optional": {"a.txt": [["300万元", "funding_amount", 3000000, 2024, "review"]]},
    }
    (tmp_path / "src" / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    (tmp_path / "gold" / "stale.toml").parent.mkdir()
    (tmp_path / "gold" / "stale.toml").write_text("", "utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "import_gold.py"),
            str(tmp_path / "src" / "gold.json"),
            "--gold-dir",
            str(tmp_path / "gold"),
            "--corpus-dir",
            str(tmp_path / "corpus"),
            "--aliases",
            str(tmp_path / "none.toml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "gold").iterdir()) == ["a.toml"]
    assert (tmp_path / "corpus" / "a.txt").read_text("utf-8") == text
    doc = accuracy.read_gold_file(tmp_path / "gold" / "a.toml")
    assert doc.meta["bureau"] is None and doc.meta["review_year"] == "*"
    assert doc.facts[0] == GoldFact("投入300万元", ("funding_amount",), 3e6, None, "review")
    assert doc.facts[1].anchor == '"引号"\\反斜线' and doc.facts[1].year == 2024
    assert doc.facts[1].codes == ("funding_amount", "education_expenditure")
    assert doc.optional[0].year == 2024 and doc.not_in_core == (("12间", 12.0),)
    assert doc.redacted_min == 2 and not doc.no_numeric_funding


def test_the_command_prints_every_metric_and_records(tmp_path: Path) -> None:
    for folder in ("corpus", "gold"):
        (tmp_path / folder).mkdir()
    shutil.copy(CORPUS / "01_hechengqu_2025_minsheng.txt", tmp_path / "corpus")
    shutil.copy(GOLD / "01_hechengqu_2025_minsheng.toml", tmp_path / "gold")
    baseline = tmp_path / "baseline.toml"
    args = [
        "accuracy",
        "--corpus",
        str(tmp_path / "corpus"),
        "--gold",
        str(tmp_path / "gold"),
        "--baseline",
        str(baseline),
    ]
    recorded = CliRunner().invoke(main, [*args, "--record"])
    assert recorded.exit_code == 0, recorded.output
    assert accuracy.read_baseline(baseline)["documents.loaded"] == 1.0
    checked = CliRunner().invoke(main, [*args, "--check"])
    assert checked.exit_code == 0, checked.output
    for name in accuracy.metric_names(accuracy.read_gold(tmp_path / "gold")):
        assert name in checked.output
    baseline.write_text('"figures.recall" = 1.5\n', encoding="utf-8")
    failed = CliRunner().invoke(main, [*args, "--check"])
    assert failed.exit_code == 1
    assert "figures.recall: recorded 1.5000" in failed.output
