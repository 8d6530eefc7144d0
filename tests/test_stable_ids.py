"""Stable figure ids: `reparse` keeps the id of every figure (and section) the parser still
finds, deletes only the vanished ones and inserts the new ones, in one transaction per
report. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from edureports import store
from edureports.loading import load_paths
from edureports.models import Observation, Section
from edureports.parse import ParsedReport
from edureports.store import reparse_report, report_ids
from tests.conftest import sample_paths
from tests.test_load import GOOD_REPORT

Change = Callable[[ParsedReport], ParsedReport]


def _figure_ids(engine: Engine) -> dict[tuple, int]:
    """Observation id by (report, span, raw text): the identity an analyst saves."""
    with engine.connect() as c:
        rows = c.execute(
            select(
                Observation.report_id,
                Observation.char_start,
                Observation.char_end,
                Observation.raw_text,
                Observation.id,
            )
        ).all()
    return {tuple(r[:4]): r.id for r in rows}


def _section_ids(engine: Engine) -> dict[tuple, int]:
    with engine.connect() as c:
        rows = c.execute(
            select(Section.report_id, Section.char_start, Section.heading, Section.id)
        ).all()
    return {tuple(r[:3]): r.id for r in rows}


def _stored(engine: Engine, report_id: int) -> tuple[list[tuple], list[tuple]]:
    """A report's sections and observations as stored, links given as ordinals."""
    with engine.connect() as c:
        sec = {r.id: r.ordinal for r in c.execute(select(Section.id, Section.ordinal))}
        obs = {r.id: r.ordinal for r in c.execute(select(Observation.id, Observation.ordinal))}
        sections = [
            (r.ordinal, r.heading, r.char_start, r.char_end, r.depth, sec.get(r.parent_id))
            for r in c.execute(
                select(Section).where(Section.report_id == report_id).order_by(Section.ordinal)
            )
        ]
        figures = [
            (
                r.ordinal,
                r.char_start,
                r.char_end,
                r.raw_text,
                r.indicator_code,
                r.value,
                sec.get(r.section_id),
                obs.get(r.repeat_of_id),
                obs.get(r.total_id),
            )
            for r in c.execute(
                select(Observation)
                .where(Observation.report_id == report_id)
                .order_by(Observation.ordinal)
            )
        ]
    return sections, figures


def _expected(parsed: ParsedReport) -> tuple[list[tuple], list[tuple]]:
    """What storing `parsed` must give, in the terms of _stored."""
    totals = {part: n for n, f in enumerate(parsed.figures) for part in f.total_of}
    sections = [(s.index, s.heading, s.start, s.end, s.depth, s.parent) for s in parsed.sections]
    figures = [
        (n, f.start, f.end, f.raw[:200], f.indicator, f.value, f.section, f.repeat_of,
         totals.get(n))
        for n, f in enumerate(parsed.figures)
    ]  # fmt: skip
    return sections, figures


def _without_figure(index: int) -> Change:
    """A parser that no longer finds figure `index` (links to it dropped, indices shifted)."""

    def change(parsed: ParsedReport) -> ParsedReport:
        def shift(i: int) -> int:
            return i - (i > index)

        figures = []
        for n, f in enumerate(parsed.figures):
            if n == index:
                continue
            repeat = None if f.repeat_of in (None, index) else shift(f.repeat_of)
            totals = tuple(shift(i) for i in f.total_of if i != index)
            figures.append(dataclasses.replace(f, repeat_of=repeat, total_of=totals))
        return dataclasses.replace(parsed, figures=figures)

    return change


def _without_last_section(parsed: ParsedReport) -> ParsedReport:
    """A parser that no longer sees the last heading: its figures fall to its parent."""
    last = parsed.sections[-1]
    figures = [
        dataclasses.replace(f, section=last.parent) if f.section == last.index else f
        for f in parsed.figures
    ]
    return dataclasses.replace(parsed, sections=parsed.sections[:-1], figures=figures)


def _reclassified(parsed: ParsedReport) -> ParsedReport:
    """A parser that reads every figure's value differently (same spans)."""
    figures = [
        dataclasses.replace(f, value=None if f.value is None else f.value + 1)
        for f in parsed.figures
    ]
    return dataclasses.replace(parsed, figures=figures)


def _parse_with(monkeypatch: pytest.MonkeyPatch, change: Change | None) -> None:
    """Make the parser that load and reparse use see `change` applied to its result."""
    monkeypatch.undo()
    if change is None:
        return
    from edureports.parse import parse as real_parse
    from edureports.parse import parse_text as real_parse_text

    monkeypatch.setattr(store, "parse", lambda *a, **k: change(real_parse(*a, **k)))
    monkeypatch.setattr(store, "parse_text", lambda *a, **k: change(real_parse_text(*a, **k)))


def _load_one(engine: Engine, tmp_path: Path) -> int:
    path = tmp_path / "r.txt"
    path.write_text(GOOD_REPORT, encoding="utf-8")
    [outcome] = list(load_paths(engine, [path]))
    assert outcome.status == "loaded", outcome.message
    return outcome.report_id


def test_reparse_keeps_every_id(engine: Engine) -> None:
    assert all(o.status == "loaded" for o in load_paths(engine, sample_paths()))
    figures, sections = _figure_ids(engine), _section_ids(engine)
    stored = {r: _stored(engine, r) for r in report_ids(engine)}
    assert len(figures) > 100 and len(sections) > 10
    for _ in range(2):
        for report_id in report_ids(engine):
            parsed = reparse_report(engine, report_id)
            assert _stored(engine, report_id) == stored[report_id] == _expected(parsed)
    assert _figure_ids(engine) == figures and _section_ids(engine) == sections
    with engine.connect() as c:  # no id was used up and thrown away
        assert c.scalar(select(func.max(Observation.id))) == max(figures.values())


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, _without_figure(2)),
        (_without_figure(2), None),
        (None, _reclassified),
        (None, _without_last_section),
        (_without_last_section, None),
        (_without_figure(0), _without_figure(5)),
    ],
    ids=[
        "figure-vanishes",
        "figure-appears",
        "values-change",
        "section-vanishes",
        "section-appears",
        "one-goes-one-comes",
    ],
)
def test_changed_parser_keeps_the_ids_it_still_finds(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    before: Change | None,
    after: Change | None,
) -> None:
    _parse_with(monkeypatch, before)
    report_id = _load_one(engine, tmp_path)
    old_figures, old_sections = _figure_ids(engine), _section_ids(engine)
    _parse_with(monkeypatch, after)
    parsed = reparse_report(engine, report_id)
    new_figures, new_sections = _figure_ids(engine), _section_ids(engine)
    assert _stored(engine, report_id) == _expected(parsed)
    for old, new in ((old_figures, new_figures), (old_sections, new_sections)):
        found_again = old.keys() & new.keys()
        assert found_again and all(old[k] == new[k] for k in found_again)
        appeared = new.keys() - old.keys()
        assert all(new[k] > max(old.values()) for k in appeared)  # new rows, new ids
    assert old_figures != new_figures or old_sections != new_sections or after is _reclassified


def test_links_survive_when_the_linked_figure_is_kept(engine: Engine) -> None:
    """Samples with repeats and totals: links point at the same (kept) rows after reparse."""
    assert all(o.status == "loaded" for o in load_paths(engine, sample_paths()))
    with engine.connect() as c:
        linked = c.execute(
            select(Observation.id, Observation.repeat_of_id, Observation.total_id).where(
                (Observation.repeat_of_id.is_not(None)) | (Observation.total_id.is_not(None))
            )
        ).all()
    assert linked, "the samples hold no repeat or total: this test checks nothing"
    for report_id in report_ids(engine):
        reparse_report(engine, report_id)
    with engine.connect() as c:
        after = c.execute(
            select(Observation.id, Observation.repeat_of_id, Observation.total_id).where(
                Observation.id.in_([r.id for r in linked])
            )
        ).all()
    assert sorted(map(tuple, after)) == sorted(map(tuple, linked))


def test_failed_reparse_changes_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parse_with(monkeypatch, _without_figure(0))
    report_id = _load_one(engine, tmp_path)
    before = (_figure_ids(engine), _section_ids(engine), _stored(engine, report_id))
    _parse_with(monkeypatch, None)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_link_figures", boom)  # after deletes, updates and inserts
    with pytest.raises(RuntimeError, match="disk on fire"):
        reparse_report(engine, report_id)
    assert (_figure_ids(engine), _section_ids(engine), _stored(engine, report_id)) == before
