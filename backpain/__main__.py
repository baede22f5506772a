"""Command-line tools: ``python -m backpain validate [DIR]`` and ``python -m backpain export ...``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from backpain.load import DataError, default_data_dir, load_dataset
from backpain.opendata import TABLE_FILE, datapackage_json
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
    return parser


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
