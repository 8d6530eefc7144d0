"""Dump everything the parser returns for a fixed set of texts to one JSON file, so that a
change meant to make parsing faster can be shown to change nothing (the dumps of the code
before and after must be byte-identical):

    .venv/bin/python -m benchmarks.parse_snapshot /tmp/before.json   # on the old code
    .venv/bin/python -m benchmarks.parse_snapshot /tmp/after.json    # on the new code
    cmp /tmp/before.json /tmp/after.json

The texts: the dev corpus (accuracy/corpus/dev, read as `edureports load` reads files, plus
/work/shared/corpus/dev or any --extra folder), the samples, 300 synthetic reports (the
benchmark's seed), and seeded mutations of the samples and dev texts (cut, spliced, with
noise characters inserted), which reach the parser's rarely used paths.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from edureports.loaders import LoadError, read_document

from benchmarks.corpus import synthetic_report
from edureports.parse import ParsedReport, parse_text
from edureports.parse.report import NotAReportError, parse

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "accuracy" / "corpus" / "dev"
SAMPLES = ROOT / "src" / "edureports" / "samples"
NOISE = "一二三四五六七八九十百千万亿两〇零年月日元%％:：,，。、；;（）()【】…xX*0123456789０１.．—-~～ \n教育局学校幼儿园小学初中高中教师学生万元亿元平方米所人名个百分点约近以上"


def _plain(value: object) -> object:
    """JSON-ready form of a parser value (dataclasses, dates, tuples)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)  # exact, and tells 1.0 from 1
    return value


def _result(report_or_error: ParsedReport | str) -> object:
    return _plain(report_or_error)


def _files(folders: list[Path]) -> Iterator[tuple[str, Path]]:
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in {".txt", ".html", ".htm", ".docx", ".pdf"}:
                yield f"{folder.name if folder.is_relative_to(ROOT) else folder}/{path.name}", path


def _parse_file(path: Path) -> ParsedReport | str:
    try:
        return parse(read_document(path))
    except (LoadError, NotAReportError) as exc:
        return f"refused: {exc}"
    except Exception as exc:  # a parser bug is part of the behaviour to keep
        return f"error: {type(exc).__name__}: {exc}"


def _parse_text(text: str) -> ParsedReport | str:
    try:
        return parse_text(text)
    except NotAReportError as exc:
        return f"refused: {exc}"
    except Exception as exc:
        return f"error: {type(exc).__name__}: {exc}"


def _mutations(texts: list[str], count: int, seed: int = 7) -> Iterator[str]:
    """Seeded cuts, splices and noise over real texts."""
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(texts)
        a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        piece = text[a : max(b, a + 2000)]
        other = rng.choice(texts)
        c = rng.randrange(len(other) + 1)
        piece = piece + "\n" + other[c : c + rng.randrange(200, 3000)]
        chars = list(piece)
        for _ in range(rng.randrange(0, 60)):
            at = rng.randrange(len(chars) + 1)
            chars[at:at] = rng.choice(NOISE) * rng.randrange(1, 4)
        yield "".join(chars)


def snapshot(extra: list[Path], synthetic: int, mutations: int) -> dict[str, object]:
    out: dict[str, object] = {}
    texts: list[str] = []
    for name, path in _files([DEV, SAMPLES, *extra]):
        out[name] = _result(_parse_file(path))
        if path.suffix == ".txt":
            texts.append(path.read_text("utf-8", errors="replace"))
    for n in range(synthetic):
        name, text = synthetic_report(n, seed=1)
        out[f"synthetic/{name}"] = _result(_parse_text(text))
    for i, text in enumerate(_mutations(texts, mutations)):
        out[f"mutation/{i:04d}"] = _result(_parse_text(text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--mutations", type=int, default=300)
    args = parser.parse_args()
    extra = list(args.extra)
    shared = Path("/work/shared/corpus/dev")
    if not extra and shared.is_dir():
        extra.append(shared)
    data = snapshot(extra, args.synthetic, args.mutations)
    args.output.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", "utf-8"
    )
    print(f"{len(data)} texts -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
