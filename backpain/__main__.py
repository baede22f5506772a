"""Command-line tools: ``python -m backpain validate|export|package|rank ...``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from backpain import labels
from backpain.load import DataError, default_data_dir, load_dataset
from backpain.opendata import TABLE_FILE, datapackage_json
from backpain.priorities import (
    CRITERIA,
    DEFAULT_LEVEL,
    GROUPS,
    UNKNOWN_WORDS,
    WEIGHT_LEVELS,
    rank_treatments,
    weights_from_levels,
)
from backpain.schema import Indication
from backpain.tabular import dataset_rows, rows_to_csv, rows_to_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backpain", description="Back Pain Options data tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the curated data; exit 1 listing every problem")
    validate.add_argument("dir", nargs="?", type=Path, help="data folder (default: $BACKPAIN_DATA_DIR or data/)")
    export = commands.add_parser("export", help="write the flat table, one row per treatment x indication")
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.add_argument("dir", nargs="?", type=Path, help="data folder (default: $BACKPAIN_DATA_DIR or data/)")
    package = commands.add_parser("package", help="write treatments.csv and datapackage.json (Frictionless) to a folder")
    package.add_argument("--out", type=Path, required=True, help="folder to write")
    package.add_argument("dir", nargs="?", type=Path, help="data folder (default: $BACKPAIN_DATA_DIR or data/)")
    rank = commands.add_parser("rank", help="the order 'What matters to me' shows, with every score and why it is zero")
    rank.add_argument("--indication", choices=[i.value for i in Indication], required=True)
    for criterion in CRITERIA:
        rank.add_argument(f"--w_{criterion}", choices=list(WEIGHT_LEVELS), default=DEFAULT_LEVEL, help=CRITERIA[criterion])
    rank.add_argument("--format", choices=("text", "json"), default="text")
    rank.add_argument("dir", nargs="?", type=Path, help="data folder (default: $BACKPAIN_DATA_DIR or data/)")
    return parser


def ranking(dataset, indication: Indication, levels: dict[str, str]) -> list[dict]:
    """Each option in page order: id, group, fit, the score on each criterion, and why a score is zero or unknown."""
    ranked = rank_treatments(dataset.treatments, indication, weights_from_levels(levels))
    return [
        {
            "position": position,
            "id": r.id,
            "group": r.group,
            "fit": round(r.fit, 4),
            "scores": {c: (None if v is None else round(v, 4)) for c, v in (r.scores or {}).items()},
            "zero_because": r.zero_because or {},
            "rests_on": r.caveats or {},
            "unknown": {c: (r.unknown_because or {}).get(c, UNKNOWN_WORDS.get(c, "not known")) for c in r.unknown},
        }
        for position, r in enumerate(ranked, start=1)
    ]


def _ranking_text(rows: list[dict], indication: Indication, levels: dict[str, str]) -> str:
    lines = [f"{labels.INDICATION[indication]}; weights: " + ", ".join(f"{c}={levels[c]}" for c in CRITERIA)]
    group = None
    for row in rows:
        if row["group"] != group:
            group = row["group"]
            lines.append(f"\n## {GROUPS[group]}")
        scores = " ".join(f"{c}={'-' if v is None else f'{v:.2f}'}" for c, v in row["scores"].items())
        lines.append(f"{row['position']:>3}. {row['id']:<34} fit {row['fit']:.3f}  {scores}")
        for criterion, reason in row["zero_because"].items():
            lines.append(f"       {criterion} is 0: {reason}")
        for criterion, reason in row["unknown"].items():
            lines.append(f"       {criterion}: {reason}")  # the reason already says "not known"
        for criterion, basis in row["rests_on"].items():
            lines.append(f"       {criterion} rests on: {basis}")
    return "\n".join(lines) + "\n"


def _load_or_report(directory: Path | None):
    try:
        return load_dataset(directory or default_data_dir())
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found.", file=sys.stderr)
        return None


def _write_atomically(path: Path, text: str) -> None:
    # Write beside the target and rename, so a failure never leaves a half-written export.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    dataset = _load_or_report(args.dir)
    if dataset is None:
        return 1
    if args.command == "validate":
        print(f"{len(dataset.treatments)} treatments, {len(dataset.sources)} sources: OK")
        return 0
    if args.command == "rank":
        indication = Indication(args.indication)
        levels = {c: getattr(args, f"w_{c}") for c in CRITERIA}
        rows = ranking(dataset, indication, levels)
        sys.stdout.write(json.dumps(rows, indent=1) + "\n" if args.format == "json" else _ranking_text(rows, indication, levels))
        return 0
    rows = dataset_rows(dataset)
    if args.command == "package":
        try:
            _write_atomically(args.out / TABLE_FILE, rows_to_csv(rows))
            _write_atomically(args.out / "datapackage.json", datapackage_json(dataset))
        except OSError as exc:
            print(f"{args.out}: cannot write ({exc.strerror})", file=sys.stderr)
            return 1
        print(f"Wrote {TABLE_FILE} ({len(rows)} rows) and datapackage.json to {args.out}", file=sys.stderr)
        return 0
    text = rows_to_csv(rows) if args.format == "csv" else rows_to_json(rows) + "\n"
    if args.out:
        try:
            _write_atomically(args.out, text)
        except OSError as exc:
            print(f"{args.out}: cannot write ({exc.strerror})", file=sys.stderr)
            return 1
        print(f"Wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
