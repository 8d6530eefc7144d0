"""The accuracy benchmark: parse a corpus of real reports in-process and score the parser
against an analyst's gold annotations (docs/accuracy.md; corpus and gold in accuracy/).

Pure: no database. Each text is read with edureports.loaders and parsed with
edureports.parse, exactly as `edureports load` does before storing it; the region names of
a report come from edureports.regions, the family of a code from the catalog.

Metrics (each a ratio hits/total; a ratio with total 0 is reported as 1.0):

documents.loaded
    texts parsed rather than refused (not a report, unreadable, parser error).
meta.accuracy
    every scored metadata field of every document right, an empty field where the gold is
    "" counting as right; a refused document counts all its scored fields wrong.
meta.<field>.recall / meta.<field>.precision  (bureau, province, prefecture, county,
region_code, review_year)
    recall: of the documents whose gold gives the field, the share the parser gives right
    (refused documents included); precision: of the values the parser gives, the share
    that are right (a value where the gold says "" is wrong). Fields whose gold is "*"
    are not scored. A bureau matches any of its accepted names (the gold lists them); a
    placeholder bureau (xx区教育局, …) counts as empty. Where the gold names no county, the
    code of the area it does name (its prefecture, else its province) is right too.
figures.recall, figures.recall.<family>
    gold facts found: a figure whose code is one of the fact's accepted codes, whose value
    is within 0.1 % of the gold value and whose period year is the gold year (any year
    when the gold says "*"). By family: the catalog family of the fact's first code.
figures.precision, figures.precision.<family>
    over the core codes (CORE_CODES: the enrolment, consolidation and funding indicators
    except students_aided, which the gold does not annotate exhaustively): the distinct
    (code, value, school level) figures of each loaded report whose value some gold fact
    or optional fact of that code has. Years are not checked here (figures.year is).
figures.precision.catalog, figures.recall.catalog
    the codes the catalog added to its first 22 (FIRST_CODES), on the documents whose gold
    lists every figure of those codes (catalog_facts): precision over the distinct (code,
    value, school level) figures the parser gives them, recall over the annotations.
figures.year
    of the gold facts with a year whose code and value a figure has, the share where one
    such figure has the gold year: how well years are read, apart from classification.
figures.role, figures.role.review, figures.role.plan
    of the gold facts found (with a role), the share where a matching figure has the
    gold role (review: what was done; plan: what is planned).
figures.kept_out_of_core
    the gold's not_in_core figures (rooms, computers, percentages of completion ...) of
    loaded reports that no core figure took: a core figure of the same value counts as
    taking it unless a gold fact of that code has that value.
documents.redacted
    documents with redacted_min whose parser found at least that many redacted figures.
documents.no_numeric_funding
    documents whose gold says funding is only given as placeholders (xx万元) and where the
    parser invented no numeric funding_amount.
figures.classified  (reported, not guarded: leaving a figure unclassified can be right)
    numeric figures of loaded reports given a catalog code.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from edureports import catalog, regions
from edureports.loaders import LoadError, read_document
from edureports.parse.report import NotAReportError, parse
from edureports.parse.types import Figure, ParsedReport

META_FIELDS: tuple[str, ...] = (
    "bureau",
    "province",
    "prefecture",
    "county",
    "region_code",
    "review_year",
)
ANY = "*"
REL_TOLERANCE = 0.001  # a value within 0.1 % of the gold value is that value
CORE_FAMILIES: tuple[str, ...] = ("enrolment", "consolidation", "funding")
# students_aided counts persons aided; the gold is not meant to list every such figure of a
# text (the external scorer leaves it out of precision too), so an unlisted one is no error.
# The set is fixed (the external scorer's too): indicators added to these families later
# are scored by figures.precision.catalog on the documents annotated for them.
CORE_CODES: frozenset[str] = frozenset(
    (
        "preschool_gross_enrolment_rate",
        "inclusive_kindergarten_coverage",
        "public_kindergarten_share",
        "primary_enrolment_rate",
        "compulsory_enrolment_rate",
        "junior_gross_enrolment_rate",
        "senior_secondary_gross_enrolment_rate",
        "disabled_children_enrolment_rate",
        "school_places_added",
        "compulsory_consolidation_rate",
        "schools_consolidated",
        "balance_coefficient_primary",
        "balance_coefficient_junior",
        "funding_amount",
        "education_expenditure",
        "per_student_funding",
    )
)
# The indicators of the catalog's first 22 codes; every other code is a catalog code whose
# precision figures.precision.catalog measures.
FIRST_CODES: frozenset[str] = CORE_CODES | {
    "students_aided",
    "teachers_recruited",
    "teachers_rotated",
    "pupil_teacher_ratio",
    "progression_rate",
    "sports_lottery_sales",
    "unclassified",
}
# Metrics shown but not guarded by the recorded baseline (see the module docstring).
UNGUARDED: frozenset[str] = frozenset({"figures.classified"})


# --- gold ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldFact:
    anchor: str  # the phrase as written, for the reader
    codes: tuple[str, ...]  # accepted indicator codes, the first one the analyst's choice
    value: float  # in base units
    year: int | None  # None: any year
    role: str | None  # review | plan | None (not scored)

    @property
    def family(self) -> str:
        return catalog.get(self.codes[0]).family


@dataclass(frozen=True)
class GoldDoc:
    text: str  # the file name of the text in the corpus folder
    meta: Mapping[str, str | int | None]  # None: the text does not say; ANY: not scored
    bureau_names: tuple[str, ...]  # accepted names when meta["bureau"] is given
    facts: tuple[GoldFact, ...]
    optional: tuple[GoldFact, ...] = ()
    not_in_core: tuple[tuple[str, float], ...] = ()
    redacted_min: int = 0
    no_numeric_funding: bool = False
    # every figure of a catalog code (not one of FIRST_CODES) the text holds, or None when
    # the text has not been annotated for them
    catalog_facts: tuple[GoldFact, ...] | None = None


def _fact(row: Mapping) -> GoldFact:
    codes = row["code"]
    codes = (codes,) if isinstance(codes, str) else tuple(codes)
    unknown = [c for c in codes if c not in catalog.BY_CODE]
    if unknown:
        raise ValueError(f"{row['anchor']}: no such indicator code {unknown[0]!r} in the catalog")
    year = row.get("year", ANY)
    return GoldFact(
        anchor=row["anchor"],
        codes=codes,
        value=float(row["value"]),
        year=None if year == ANY else int(year),
        role=row.get("role") or None,
    )


def read_gold_file(path: Path) -> GoldDoc:
    """One gold TOML file (format: docs/accuracy.md, "Gold files")."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    meta: dict[str, str | int | None] = {}
    names: tuple[str, ...] = ()
    for name in META_FIELDS:
        value = data[name]
        if name == "bureau" and isinstance(value, list):
            names = tuple(value)
            value = value[0]
        elif name == "bureau" and value not in ("", ANY):
            names = (value,)
        if name == "review_year" and value not in ("", ANY):
            value = int(value)
        meta[name] = None if value == "" else value
    return GoldDoc(
        text=data["text"],
        meta=meta,
        bureau_names=names,
        facts=tuple(_fact(r) for r in data.get("facts", [])),
        optional=tuple(_fact(r) for r in data.get("optional", [])),
        not_in_core=tuple((r["anchor"], float(r["value"])) for r in data.get("not_in_core", [])),
        redacted_min=int(data.get("redacted_min", 0)),
        no_numeric_funding=bool(data.get("no_numeric_funding", False)),
        catalog_facts=(
            tuple(_fact(r) for r in data["catalog_facts"]) if "catalog_facts" in data else None
        ),
    )


def read_gold(gold_dir: Path) -> list[GoldDoc]:
    """Every *.toml gold file of a folder, in file-name order."""
    return [read_gold_file(p) for p in sorted(Path(gold_dir).glob("*.toml"))]


# --- parsing ---------------------------------------------------------------------------


def parse_corpus(corpus_dir: Path, names: Iterable[str]) -> dict[str, ParsedReport | str]:
    """Each named text parsed as `edureports load` would, or the reason it was refused."""
    out: dict[str, ParsedReport | str] = {}
    for name in names:
        path = Path(corpus_dir) / name
        try:
            out[name] = parse(read_document(path))
        except (LoadError, NotAReportError) as exc:
            out[name] = str(exc)
        except Exception as exc:  # load records a parser bug as a refused file, so do we
            out[name] = f"could not parse ({type(exc).__name__}: {exc})"
    return out


# --- scoring ---------------------------------------------------------------------------


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass(frozen=True)
class Finding:
    """One thing the parser got wrong, for the reader (kind: refused, meta, missed, wrong,
    not_in_core, redacted, invented)."""

    kind: str
    doc: str
    detail: str


@dataclass
class Result:
    metrics: dict[str, Ratio] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def values(self) -> dict[str, float]:
        return {name: r.value for name, r in self.metrics.items()}


def close(value: float | None, gold: float) -> bool:
    return value is not None and math.isclose(value, gold, rel_tol=REL_TOLERANCE, abs_tol=1e-6)


def parsed_meta(report: ParsedReport) -> dict[str, str | int | None]:
    """The six metadata fields as v_reports shows them, from the parse alone."""
    meta = report.meta
    out: dict[str, str | int | None] = dict.fromkeys(META_FIELDS)
    bureau = meta.bureau_name
    out["bureau"] = None if not bureau or regions.is_placeholder(bureau) else bureau
    if meta.region_code:
        out["region_code"] = meta.region_code
        for region in regions.ancestors(meta.region_code):
            out[region.level] = region.name
    out["review_year"] = meta.review.year if meta.review else None
    return out


def _meta_right(name: str, want: object, got: object, doc: GoldDoc) -> bool:
    if name == "bureau" and want is not None:
        return got in doc.bureau_names
    if name == "region_code" and want is None and got and doc.meta.get("county") is None:
        # the gold names no county: the code of the most specific area it names is right too
        area = "prefecture" if doc.meta.get("prefecture") else "province"
        region = regions.by_code().get(str(got))
        return region is not None and region.level == area and region.name == doc.meta.get(area)
    return got == want


def _score_meta(doc: GoldDoc, got: dict | None, result: Result) -> None:
    m = result.metrics
    for name in META_FIELDS:
        want = doc.meta[name]
        if want == ANY:
            continue
        value = got[name] if got else None
        right = got is not None and _meta_right(name, want, value, doc)
        m["meta.accuracy"].add(right)
        if want is not None:
            m[f"meta.{name}.recall"].add(right)
        if value is not None:
            m[f"meta.{name}.precision"].add(right)
        if got is not None and not right:
            result.findings.append(
                Finding("meta", doc.text, f"{name}: want {want!r} got {value!r}")
            )


def _year(f: Figure) -> int | None:
    return f.period.year if f.period else None


def _score_facts(doc: GoldDoc, figures: list[Figure] | None, result: Result) -> None:
    """Recall, years and roles; a refused document (figures None) misses every fact."""
    m = result.metrics
    for fact in doc.facts:
        same = [
            f for f in figures or () if f.indicator in fact.codes and close(f.value, fact.value)
        ]
        hits = [f for f in same if fact.year is None or _year(f) == fact.year]
        m["figures.recall"].add(bool(hits))
        m[f"figures.recall.{fact.family}"].add(bool(hits))
        if fact.year is not None and same:
            m["figures.year"].add(bool(hits))
        if hits and fact.role:
            right = any(f.role == fact.role for f in hits)
            m["figures.role"].add(right)
            m[f"figures.role.{fact.role}"].add(right)
        if not hits and figures is not None:
            seen = sorted({(f.indicator, _year(f)) for f in figures if close(f.value, fact.value)})
            result.findings.append(
                Finding(
                    "missed",
                    doc.text,
                    f"{'/'.join(fact.codes)}={fact.value:g} year={fact.year or ANY} "
                    f"({fact.anchor}); that value seen as {seen[:3]}",
                )
            )


def _score_core(doc: GoldDoc, figures: list[Figure], result: Result) -> None:
    m = result.metrics
    gold_values: dict[str, list[float]] = {}
    for fact in (*doc.facts, *doc.optional):
        for code in fact.codes:
            gold_values.setdefault(code, []).append(fact.value)
    seen = set()
    for f in figures:
        if f.indicator not in CORE_CODES or f.value is None:
            continue
        key = (f.indicator, round(f.value, 4), f.school_level)
        if key in seen:
            continue
        seen.add(key)
        right = any(close(f.value, v) for v in gold_values.get(f.indicator, ()))
        m["figures.precision"].add(right)
        m[f"figures.precision.{catalog.get(f.indicator).family}"].add(right)
        if not right:
            result.findings.append(
                Finding("wrong", doc.text, f"{f.indicator}={f.value:g} from: {f.clause[:60]}")
            )
    for anchor, value in doc.not_in_core:
        taken = [
            f.indicator
            for f in figures
            if f.indicator in CORE_CODES
            and close(f.value, value)
            and not any(close(value, v) for v in gold_values.get(f.indicator, ()))
        ]
        m["figures.kept_out_of_core"].add(not taken)
        if taken:
            result.findings.append(Finding("not_in_core", doc.text, f"{anchor} became {taken[0]}"))


def _score_catalog(doc: GoldDoc, figures: list[Figure], result: Result) -> None:
    """Catalog codes (not FIRST_CODES) of a text annotated for them: precision over the
    distinct (code, value, school level) figures, recall over the annotations."""
    if doc.catalog_facts is None:
        return
    m = result.metrics
    seen = set()
    for f in figures:
        if f.indicator in FIRST_CODES or f.value is None:
            continue
        key = (f.indicator, round(f.value, 4), f.school_level)
        if key in seen:
            continue
        seen.add(key)
        right = any(
            f.indicator in fact.codes and close(f.value, fact.value) for fact in doc.catalog_facts
        )
        m["figures.precision.catalog"].add(right)
        if not right:
            result.findings.append(
                Finding("wrong", doc.text, f"{f.indicator}={f.value:g} from: {f.clause[:60]}")
            )
    for fact in doc.catalog_facts:
        hit = any(f.indicator in fact.codes and close(f.value, fact.value) for f in figures)
        m["figures.recall.catalog"].add(hit)
        if not hit:
            result.findings.append(
                Finding(
                    "missed", doc.text, f"{'/'.join(fact.codes)}={fact.value:g} ({fact.anchor})"
                )
            )


def _score_doc_checks(doc: GoldDoc, figures: list[Figure] | None, result: Result) -> None:
    m = result.metrics
    if doc.redacted_min:
        n = sum(f.status == "redacted" for f in figures or ())
        m["documents.redacted"].add(n >= doc.redacted_min)
        if n < doc.redacted_min:
            result.findings.append(
                Finding("redacted", doc.text, f"{n} redacted figures < {doc.redacted_min}")
            )
    if doc.no_numeric_funding:
        invented = [
            f for f in figures or () if f.indicator == "funding_amount" and f.value is not None
        ]
        m["documents.no_numeric_funding"].add(figures is not None and not invented)
        if invented:
            result.findings.append(
                Finding("invented", doc.text, f"{len(invented)} numeric funding figures")
            )


def metric_names(gold: Iterable[GoldDoc]) -> list[str]:
    """Every metric a run over this gold reports, in display order."""
    gold = list(gold)
    names = ["documents.loaded", "meta.accuracy"]
    for name in META_FIELDS:
        names += [f"meta.{name}.recall", f"meta.{name}.precision"]
    names.append("figures.recall")
    fact_families = {fact.family for d in gold for fact in d.facts}
    names += [f"figures.recall.{fam}" for fam in catalog.FAMILIES if fam in fact_families]
    names.append("figures.precision")
    names += [f"figures.precision.{fam}" for fam in CORE_FAMILIES]
    names += ["figures.year", "figures.role", "figures.role.review", "figures.role.plan"]
    names.append("figures.kept_out_of_core")
    if any(d.catalog_facts is not None for d in gold):
        names += ["figures.precision.catalog", "figures.recall.catalog"]
    if any(d.redacted_min for d in gold):
        names.append("documents.redacted")
    if any(d.no_numeric_funding for d in gold):
        names.append("documents.no_numeric_funding")
    names.append("figures.classified")
    return names


def score(gold: Iterable[GoldDoc], parsed: Mapping[str, ParsedReport | str]) -> Result:
    """Score parse results (a report, or the reason it was refused) against the gold."""
    gold = list(gold)
    result = Result({name: Ratio() for name in metric_names(gold)})
    m = result.metrics
    for doc in gold:
        report = parsed.get(doc.text, "not parsed")
        loaded = isinstance(report, ParsedReport)
        m["documents.loaded"].add(loaded)
        if not isinstance(report, ParsedReport):
            result.findings.append(Finding("refused", doc.text, str(report)))
        figures = report.figures if isinstance(report, ParsedReport) else None
        _score_meta(doc, parsed_meta(report) if isinstance(report, ParsedReport) else None, result)
        _score_facts(doc, figures, result)
        if figures is not None:
            _score_core(doc, figures, result)
            _score_catalog(doc, figures, result)
            for f in figures:
                if f.value is not None:
                    m["figures.classified"].add(f.indicator != "unclassified")
        _score_doc_checks(doc, figures, result)
    return result


def run(corpus_dir: Path, gold_dir: Path) -> Result:
    """Parse every text the gold annotates and score it: the whole benchmark in one call."""
    gold = read_gold(gold_dir)
    if not gold:
        raise FileNotFoundError(f"no gold files (*.toml) in {gold_dir}")
    return score(gold, parse_corpus(corpus_dir, [d.text for d in gold]))


# --- the recorded baseline -------------------------------------------------------------


def read_baseline(path: Path) -> dict[str, float]:
    """Recorded metric values: {"figures.recall": 0.2163, ...}."""
    return {k: float(v) for k, v in tomllib.loads(Path(path).read_text("utf-8")).items()}


def baseline_toml(result: Result) -> str:
    """The baseline file for this result: one `"metric" = value  # hits/total` line each."""
    lines = [
        "# Recorded accuracy of the parser on the dev corpus (docs/accuracy.md).",
        "# tests/test_accuracy.py fails when a metric falls below its value here.",
        "# Re-record after a change that means to move a number: make accuracy-record",
        "",
    ]
    for name, ratio in result.metrics.items():
        if name not in UNGUARDED:
            lines.append(f'"{name}" = {ratio.value:.4f}  # {ratio.hits}/{ratio.total}')
    return "\n".join(lines) + "\n"


DOCS_BEGIN = "<!-- accuracy-table:begin (make accuracy-record rewrites this table) -->"
DOCS_END = "<!-- accuracy-table:end -->"


def markdown_table(result: Result) -> str:
    """The metrics as a Markdown table, for docs/accuracy.md."""
    lines = ["| metric | value | hits/total |", "|---|---:|---:|"]
    for name, r in result.metrics.items():
        note = " (not guarded)" if name in UNGUARDED else ""
        lines.append(f"| `{name}`{note} | {r.value:.4f} | {r.hits}/{r.total} |")
    return "\n".join(lines)


def with_table(document: str, result: Result) -> str:
    """The document with the text between its table markers replaced by this result's table."""
    begin, end = document.find(DOCS_BEGIN), document.find(DOCS_END)
    if begin < 0 or end < begin:
        raise ValueError(f"no {DOCS_BEGIN!r} ... {DOCS_END!r} markers in the document")
    head = document[: begin + len(DOCS_BEGIN)]
    return f"{head}\n{markdown_table(result)}\n{document[end:]}"


def record(result: Result, baseline: Path, docs: Path | None = None) -> None:
    """Write the baseline file and, when given, the table of docs/accuracy.md."""
    Path(baseline).write_text(baseline_toml(result), encoding="utf-8")
    if docs is not None:
        text = Path(docs).read_text(encoding="utf-8")
        Path(docs).write_text(with_table(text, result), encoding="utf-8")


def regressions(
    result: Result, recorded: Mapping[str, float], tolerance: float = 0.005
) -> list[str]:
    """One message per guarded metric below its recorded value (or missing from either)."""
    values = result.values()
    out = []
    for name, was in recorded.items():
        if name not in values:
            out.append(f"{name}: recorded {was:.4f} but the benchmark no longer reports it")
        elif values[name] < was - tolerance:
            out.append(f"{name}: recorded {was:.4f}, now {values[name]:.4f}")
    for name in values:
        if name not in recorded and name not in UNGUARDED:
            out.append(f"{name}: new metric ({values[name]:.4f}) not recorded yet")
    return out
