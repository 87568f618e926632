"""Typed records that every stage passes on. Each carries the SourceRef it was read from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a record came from: file (as named in the manifest), its sha256, page and line (1-based)."""

    path: str
    sha256: str
    page: int | None = None
    line: int | None = None
    sheet: str | None = None  # a workbook's sheet name (page is then the sheet's 1-based index)
    column: str | None = None  # a spreadsheet column letter (E) or a CSV column number

    def __str__(self) -> str:
        parts = [self.path]
        if self.sheet is not None:
            parts.append(f"[{self.sheet}]")
        elif self.page is not None:
            parts.append(f"p{self.page}")
        if self.line is not None:
            parts.append(f"l{self.line}")
        if self.column is not None:
            parts.append(f"c{self.column}")
        return ":".join(parts)


class Severity(enum.Enum):
    ERROR = "error"  # blocks publication
    WARNING = "warning"  # published, and said so (data-quality annotation where it concerns a resource)
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str
    source: SourceRef | None = None

    def __str__(self) -> str:
        where = str(self.source) if self.source else "-"
        return f"{where} [{self.code}] {self.message}"


@dataclass
class Report:
    """Issues gathered across stages, in the order they were found."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in self.issues:
            out[i.code] = out.get(i.code, 0) + 1
        return dict(sorted(out.items()))


def tolerated(issues, codes) -> list[Issue]:
    """The issues with every error whose code the manifest tolerates (`tolerate = [...]`) made a warning:
    published, with the issue as a data-quality annotation, instead of blocking the build."""
    codes = set(codes or ())
    return [Issue(i.code, Severity.WARNING, f"{i.message} (tolerated by the sources manifest)", i.source)
            if i.severity is Severity.ERROR and i.code in codes else i for i in issues]


# --- the format-neutral intermediate: what every front end (text, HTML, PDF) produces ---------------


@dataclass(frozen=True)
class Line:
    """One line of a document, split into cells (a table row) or a single cell (running text)."""

    lineno: int
    cells: tuple[str, ...]
    page: int | None = None
    # columns (0-based) whose text a merged range copied here from a row above (spreadsheets)
    merged: tuple[int, ...] = ()
    # a PDF text line that runs to the right edge of the text: its paragraph may continue on the next line
    wraps: bool = False

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    @property
    def filled(self) -> tuple[str, ...]:
        return tuple(c for c in self.cells if c.strip())


@dataclass(frozen=True)
class Document:
    path: str  # as the manifest names it
    sha256: str
    media_type: str
    lines: tuple[Line, ...]
    sheets: tuple[str, ...] = ()  # a workbook's sheet names, by page (1-based index)

    def ref(self, line: Line, column: int | None = None) -> SourceRef:
        """Where `line` is (and its cell `column`, 0-based, in a spreadsheet or CSV)."""
        sheet = self.sheets[line.page - 1] if self.sheets and line.page else None
        col = None
        if column is not None:
            col = column_letter(column) if self.sheets else str(column + 1)
        return SourceRef(self.path, self.sha256, line.page, line.lineno, sheet, col)

    def head_ref(self) -> SourceRef:
        return SourceRef(self.path, self.sha256, None, None)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a spreadsheet's column name."""
    name, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


# --- domain records ------------------------------------------------------------------------------


class Phase(enum.Enum):
    """Budget phase, after OpenBudgets' budgetPhase: approved budget (予算) or executed amount (決算)."""

    BUDGET = "budget"
    SETTLEMENT = "settlement"


@dataclass(frozen=True)
class Amount:
    yen: int
    fiscal_year: int
    phase: Phase


@dataclass(frozen=True)
class Goal:
    """基本目標 (basic goal) of a plan, identified by its printed number."""

    number: str
    name: str
    source: SourceRef


@dataclass(frozen=True)
class Measure:
    """施策 / 主要施策 / sub-measure, identified by the printed notations on the path from its goal."""

    goal: str
    path: tuple[str, ...]  # e.g. ("ア",) or ("エ", "1") for エ ①
    notation: str  # as printed: "ア", "①"
    name: str
    source: SourceRef


@dataclass(frozen=True)
class Listing:
    """One row of a project list: a 事業 as the document lists it under a measure."""

    goal: str
    measure: tuple[str, ...]
    number: str | None
    relisted: bool  # 再掲: the same project listed again
    project: str  # normalized name (the (新) marker removed)
    label: str  # the name as printed, normalized for display
    is_new: bool  # (新): new in this fiscal year
    department: str | None
    description: str | None
    amount: Amount | None
    source: SourceRef
    kpis: tuple[str, ...] = ()  # names of the KPIs printed beside the row (keys into ProjectList.kpis)


@dataclass(frozen=True)
class PrintedTotal:
    """A 小計/合計/計 row as printed, with what it claims about the rows it closes."""

    label: str  # "小計1", "合計"
    goal: str | None  # None for a grand total
    rows: int | None
    relisted: int | None
    amount: Amount | None
    source: SourceRef


@dataclass(frozen=True)
class ProjectList:
    """What a strategy-project-list parser returns: the hierarchy, the rows and the printed totals."""

    title: str
    plan: str  # name of the plan (総合戦略) the list belongs to
    fiscal_year: int
    goals: tuple[Goal, ...]
    measures: tuple[Measure, ...]
    listings: tuple[Listing, ...]
    totals: tuple[PrintedTotal, ...]
    source: SourceRef
    kpis: tuple = ()  # the KPIs printed beside the rows, each once (regional_plan.records.Kpi)
