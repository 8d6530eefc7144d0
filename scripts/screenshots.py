"""Screenshots of the web view for the README (docs/screenshots/): the front page, the
v_enrolment view and one chart, taken in headless Chromium over the demo database.

    .venv/bin/python scripts/screenshots.py        # needs chromium (scripts/install-browser.sh)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PAGES = (
    ("front.png", "/", None),
    ("v_enrolment.png", "/edureports/v_enrolment", None),
    ("chart.png", "/-/charts/funding", "svg text"),  # clipped to the chart below
)


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("no chromium: run scripts/install-browser.sh")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "edureports-demo.db"
        edureports = [sys.executable, "-m", "edureports.cli"]
        subprocess.run(
            [*edureports, "demo", "--file", str(demo)], check=True, stdout=subprocess.DEVNULL
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [*edureports, "--db", f"sqlite:///{demo}", "serve", "--port", str(port)]
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/-/versions.json")
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1200, "height": 820})
                for name, path, wait in PAGES:
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    if wait:
                        page.wait_for_selector(wait)
                    clip = {"x": 0, "y": 0, "width": 800, "height": 500} if wait else None
                    page.screenshot(path=str(OUT / name), clip=clip)
                    print(f"wrote {OUT / name}")
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
