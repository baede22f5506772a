"""What is wrong with a data file, said as ``file:line: record: field: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class DataError(Exception):
    """Raised with every problem found, so one run of ``validate`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
