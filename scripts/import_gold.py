#!/usr/bin/env python3
"""Import an analyst's gold.json into the benchmark's own gold files (one TOML per text).

    .venv/bin/python scripts/import_gold.py /work/shared/corpus/dev/gold.json

Writes accuracy/gold/dev/<text stem>.toml for every document of gold.json (and deletes
gold files of documents no longer in it), copies each text and SOURCES.tsv found beside
gold.json into accuracy/corpus/dev/, and reads every file it wrote back with tomllib to
check that nothing was lost. Bureau names the parser may write differently (柴桑区教体局 /
柴桑区教育体育局) come from accuracy/gold/bureau_aliases.toml, which is kept by hand and
survives a re-import. The format is described in docs/accuracy.md ("Gold files").
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
META_FIELDS = ("bureau", "province", "prefecture", "county", "region_code", "review_year")
ANY = "*"  # gold.json's "any year" / "not scored"

HEADER = """\
# Gold for {text}: what an analyst reads from the text.
# Format: docs/accuracy.md ("Gold files"). Written by scripts/import_gold.py; edit by hand or
# re-import. "" = the text does not say (the parser must leave the field empty); "*" = any
# value (not scored).
"""


def toml_value(value: Any) -> str:
    """One TOML value: strings are JSON strings (a subset of TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def inline_table(row: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in row.items()) + " }"


def fact_row(fact: list[Any]) -> dict[str, Any]:
    """[anchor, code or codes, value, year or null, role] -> a named row."""
    anchor, code, value, year, role = fact
    return {
        "anchor": anchor,
        "code": list(code) if isinstance(code, list | tuple) else code,
        "value": value,
        "year": ANY if year in (None, ANY) else int(year),
        "role": role or "",
    }


def doc_toml(name: str, doc: dict[str, Any], optional: list, aliases: dict[str, list]) -> str:
    lines = [HEADER.format(text=name), f"text = {toml_value(name)}"]
    for field in META_FIELDS:
        value = doc.get(field)
        if value is None:
            value = ""
        if field == "bureau" and value in aliases:
            value = [value, *aliases[value]]
        lines.append(f"{field} = {toml_value(value)}")
    if doc.get("redacted_min"):
        lines.append(f"redacted_min = {int(doc['redacted_min'])}")
    if doc.get("no_numeric_funding"):
        lines.append("no_numeric_funding = true")
    sections = (
        (
            "facts",
            "figures the parser must find: code (or accepted codes), value, year, role",
            [fact_row(f) for f in doc["facts"]],
        ),
        (
            "optional",
            "figures that may be classified this way or left out without penalty",
            [fact_row(f) for f in optional],
        ),
        (
            "not_in_core",
            "real figures that must not land in an enrolment/consolidation/funding code",
            [{"anchor": a, "value": v} for a, v in doc.get("not_in_core", [])],
        ),
    )
    for key, comment, rows in sections:
        lines.append("")
        lines.append(f"# {comment}")
        if rows:
            lines.append(f"{key} = [")
            lines.extend(f"  {inline_table(r)}," for r in rows)
            lines.append("]")
        else:
            lines.append(f"{key} = []")
    return "\n".join(lines) + "\n"


def expected(name: str, doc: dict[str, Any], optional: list, aliases: dict) -> dict[str, Any]:
    """What reading the written file back must give (the round-trip check)."""
    out: dict[str, Any] = {"text": name}
    for field in META_FIELDS:
        value = "" if doc.get(field) is None else doc.get(field)
        out[field] = [value, *aliases[value]] if field == "bureau" and value in aliases else value
    if doc.get("redacted_min"):
        out["redacted_min"] = int(doc["redacted_min"])
    if doc.get("no_numeric_funding"):
        out["no_numeric_funding"] = True
    out["facts"] = [fact_row(f) for f in doc["facts"]]
    out["optional"] = [fact_row(f) for f in optional]
    out["not_in_core"] = [{"anchor": a, "value": v} for a, v in doc.get("not_in_core", [])]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_json", type=Path)
    ap.add_argument("--gold-dir", type=Path, default=ROOT / "accuracy" / "gold" / "dev")
    ap.add_argument("--corpus-dir", type=Path, default=ROOT / "accuracy" / "corpus" / "dev")
    ap.add_argument(
        "--aliases", type=Path, default=ROOT / "accuracy" / "gold" / "bureau_aliases.toml"
    )
    a = ap.parse_args()

    data = json.loads(a.gold_json.read_text(encoding="utf-8"))
    docs: dict[str, dict] = data["docs"]
    optional: dict[str, list] = data.get("optional", {})
    unknown = set(optional) - set(docs)
    if unknown:
        sys.exit(f"optional facts for documents not in docs: {sorted(unknown)}")
    aliases = tomllib.loads(a.aliases.read_text(encoding="utf-8")) if a.aliases.exists() else {}
    a.gold_dir.mkdir(parents=True, exist_ok=True)
    a.corpus_dir.mkdir(parents=True, exist_ok=True)
    source_dir = a.gold_json.resolve().parent

    copied = 0
    for extra in ("SOURCES.tsv",):
        if (source_dir / extra).exists() and source_dir != a.corpus_dir.resolve():
            shutil.copyfile(source_dir / extra, a.corpus_dir / extra)
    written = set()
    for name, doc in docs.items():
        text = source_dir / name
        if text.exists() and source_dir != a.corpus_dir.resolve():
            shutil.copyfile(text, a.corpus_dir / name)
            copied += 1
        elif not (a.corpus_dir / name).exists():
            sys.exit(f"{name}: no such text beside {a.gold_json} nor in {a.corpus_dir}")
        target = a.gold_dir / (Path(name).stem + ".toml")
        target.write_text(doc_toml(name, doc, optional.get(name, []), aliases), encoding="utf-8")
        back = tomllib.loads(target.read_text(encoding="utf-8"))
        if back != expected(name, doc, optional.get(name, []), aliases):
            sys.exit(f"{target}: reading it back does not give the gold of {name}")
        written.add(target.name)
    stale = [p for p in a.gold_dir.glob("*.toml") if p.name not in written]
    for p in stale:
        p.unlink()
    print(
        f"wrote {len(written)} gold files to {a.gold_dir}, copied {copied} texts, "
        f"removed {len(stale)} stale gold files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
