"""The one exception family the CLI turns into a one-line error and exit code 2."""

from __future__ import annotations

from .records import record


@record
class Problem:
    """One located problem in an input file: `file:line: path: message`."""

    source: str
    line: int | None
    path: str
    message: str
    severity: str = "error"  # error: the input cannot be used; lint: a quality problem `rulesets lint` reports

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ComplianceError(Exception):
    """Bad input or usage. Carries every problem found, not just the first."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.message])
