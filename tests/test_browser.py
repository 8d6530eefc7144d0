"""The web view in a real browser: `edureports serve` runs on a free loopback port over the
demo database and headless Chromium (Debian's package, driven by Playwright) opens its pages.
Everything is checked on the rendered page, after the browser ran its scripts.

Without chromium the tests are skipped with the reason shown; with CI=true a missing browser
is a failure (scripts/install-browser.sh installs it, as .ci/run does).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from edureports import db, dictionary, serve
from edureports.loading import load_paths
from tests.conftest import sample_paths

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _chromium() -> str:
    found = os.environ.get("EDUREPORTS_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None
    )
    if found:
        return found
    if CI:
        pytest.fail("CI=true but no chromium: scripts/install-browser.sh installs it")
    pytest.skip("browser tests skipped: no chromium (scripts/install-browser.sh installs it)")
    raise AssertionError("unreachable")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo database (the five samples) served by `edureports serve` on a free loopback
    port, once for the module (a server and a browser per test would cost CI minutes); its
    URL. Datasette reads SQLite only: test_serve.py checks PostgreSQL's snapshot row by row."""
    _chromium()
    path = tmp_path_factory.mktemp("served") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    engine = db.make_engine(f"sqlite:///{path}")
    assert all(o.status == "loaded" for o in load_paths(engine, sample_paths()))
    engine.dispose()
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "edureports.cli",
            "--db",
            f"sqlite:///{path}",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until the server answers (bounded), or it died
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"edureports serve exited: {output}")
            try:
                with urllib.request.urlopen(url + "/-/versions.json") as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("edureports serve did not answer")
        yield url
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        yield tab
    finally:
        tab.close()


def test_front_page_lists_the_views_with_their_descriptions(page, served: str) -> None:
    page.goto(served + "/")
    listing = page.locator("dl.edureports-views")
    for view in dictionary.VIEW_DOCS:
        term = listing.locator("dt", has=page.locator(f'a:text-is("{view.name}")'))
        assert term.is_visible()
        assert view.grain in term.inner_text()
        assert term.locator("xpath=following-sibling::dd[1]").inner_text() == view.description


def test_view_page_shows_a_column_description(page, served: str) -> None:
    page.goto(served + "/edureports/v_enrolment")
    page.get_by_text("Columns: meaning, unit, 中文").click()
    column = dictionary.columns_of("v_enrolment")[-1]
    described = page.locator("dl.column-descriptions dd").filter(has_text=column.meaning)
    assert described.is_visible()
    assert serve.column_description(column) == described.inner_text()
    header = page.locator(f'th[data-column="{column.name}"]')
    assert header.get_attribute("title") == serve.column_description(column)
    # the rows are there, with the national value of the year beside the bureau's
    assert page.locator("td.col-bureau_name").first.inner_text() != ""


def test_money_reads_in_wan_and_yi_yuan(page, served: str) -> None:
    page.goto(served + "/edureports/v_funding")
    cells = page.locator("td.col-total_yuan").all_inner_texts()
    assert cells and all(c.endswith(("万元", "亿元", "元")) for c in cells)


def test_a_canned_query_runs_with_its_parameters(page, served: str) -> None:
    page.goto(served + "/edureports/where_the_money_went")
    page.fill('input[name="bureau"]', "黎城县教育体育局")
    page.fill('input[name="year"]', "2022")
    page.locator('form.sql input[type="submit"]').click()
    page.wait_for_load_state("networkidle")
    names = page.locator("td.col-bureau_name").all_inner_texts()
    assert names and set(names) == {"黎城县教育体育局"}
    assert set(page.locator("td.col-year").all_inner_texts()) == {"2022"}


def test_a_figure_links_to_its_report_and_shows_its_sentence(page, served: str) -> None:
    page.goto(served + "/edureports/v_observations?indicator_code=funding_amount")
    mark = page.locator("td.col-raw_text mark").first
    sentence = mark.locator("xpath=..").inner_text()
    assert mark.inner_text() in sentence and len(sentence) > len(mark.inner_text())
    page.locator("td.col-report_id a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/edureports/report" in page.url
    assert page.locator("td.col-source_text").count() > 0


def test_a_chart_renders_with_chinese_text(page, served: str, tmp_path: Path) -> None:
    page.goto(served + "/-/charts")
    page.locator('a:has-text("学前三年毛入园率 历年变化")').click()
    page.wait_for_selector("svg text")  # Vega drew the chart (SVG renderer: text is text)
    texts = page.locator("svg text").all_text_contents()
    assert any(t.startswith("学前三年毛入园率历年变化:黎城县与全国") for t in texts)
    assert "学前三年毛入园率(%)" in texts and "年份" in texts and "全国" in texts
    # a CJK font is installed for the browser to draw them with (fonts-noto-cjk)
    fonts = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if not fonts.strip():
        message = "no CJK font for the browser: scripts/install-browser.sh installs fonts-noto-cjk"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    box = page.locator("svg text", has_text="全国").first.bounding_box()
    assert box is not None and box["width"] > 0
    page.screenshot(path=str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").stat().st_size > 0
