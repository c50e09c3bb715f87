"""Record exam results: from a checked workbook, or one by one.

The whole file is judged before anything changes, inside the transaction that applies it, with
the applications it names locked: an unknown expert number, a name that does not match, a
repeated number, a row that contradicts a result already recorded, or an application that is
not paid is a problem of its row. A file with any problem changes nothing — unless staff ask to
apply only the valid rows. Each valid row moves its application paid → admitted or failed
through `lifecycle.move` (which writes the audit row), records the result and queues the
message. A row that repeats what is recorded already is left alone, so the corrected file can be
uploaded again: nobody is moved or told twice.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.services import record
from server.batches.models import Batch
from server.clock import now
from server.errors import Forbidden, InvalidInput
from server.exams.messages import tell_result
from server.exams.models import ExamResult
from server.exams.workbook import ResultLine, ResultSheet, parse_score, read_results, template_bytes
from server.extensions import db
from server.files.names import clean_name
from server.transactions import atomic

ONE_BY_ONE = "单条登记"
CHUNK = 500
ADMIT, FAIL, UNCHANGED, PROBLEM = "admit", "fail", "unchanged", "problem"
CHANGE_LABELS = {ADMIT: "入库", FAIL: "未通过", UNCHANGED: "已登记，无变化", PROBLEM: "有误"}


@dataclass(frozen=True)
class RowOutcome:
    row: int
    expert_number: str
    name: str  # the applicant's name as the application has it ('' when unknown)
    change: str  # admit | fail | unchanged | problem
    problem: str | None = None
    score: str | None = None

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.change]


@dataclass
class ResultsReport:
    rows: list[RowOutcome] = field(default_factory=list)
    applied: bool = False

    def count(self, change: str) -> int:
        return sum(row.change == change for row in self.rows)

    @property
    def problems(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.change == PROBLEM]


def _require_recorder(member: StaffMember) -> Actor:
    actor = Actor.staff(member)
    if actor.role not in lifecycle.ACTIONS["record_exam_result"].roles:
        raise Forbidden("只有招标投标协会或系统管理员可以登记考试结果")
    return actor


def _locked_applications(numbers: Iterable[str]) -> dict[str, Application]:
    found: dict[str, Application] = {}
    wanted = sorted(set(numbers))
    for start in range(0, len(wanted), CHUNK):
        query = (select(Application).where(Application.expert_number.in_(wanted[start:start + CHUNK]))
                 .order_by(Application.id).with_for_update().execution_options(populate_existing=True))
        found.update({row.expert_number: row for row in db.session.scalars(query)})
    return found


def _recorded(applications: Iterable[Application]) -> dict[int, ExamResult]:
    ids = [application.id for application in applications]
    found: dict[int, ExamResult] = {}
    for start in range(0, len(ids), CHUNK):
        found.update({row.application_id: row for row in db.session.scalars(
            select(ExamResult).where(ExamResult.application_id.in_(ids[start:start + CHUNK])))})
    return found


def _outcome_text(passed: bool, score: str | None) -> str:
    return ("通过" if passed else "未通过") + (f"，成绩{score}" if score else "")


def _change(line: ResultLine, application: Application | None, result: ExamResult | None) -> tuple[str, str | None]:
    """What the row would do to the application, or what is wrong with it."""
    if application is None:
        return PROBLEM, f"专家编号“{line.expert_number}”不存在，请核对"
    if line.name and application.name and line.name != application.name:
        return PROBLEM, f"姓名“{line.name}”与专家编号{line.expert_number}的申报人“{application.name}”不一致"
    if application.state is S.paid:
        return (ADMIT if line.passed else FAIL), None
    if application.state in (S.admitted, S.failed):
        passed = application.state is S.admitted
        same_score = result is None or line.score is None or result.score == line.score
        if passed == line.passed and same_score:
            return UNCHANGED, None
        recorded = _outcome_text(passed, result.score if result else None)
        return PROBLEM, (f"已登记为“{recorded}”，与本行“{_outcome_text(line.passed, line.score)}”矛盾；"
                         "已登记的结果不能通过上传更改")
    return PROBLEM, (f"专家编号{line.expert_number}（{application.name or '未填写姓名'}）当前为"
                     f"“{application.state.label}”，只有已缴费的申报人可以登记考试结果")


def _judge_line(line: ResultLine, application: Application | None, result: ExamResult | None) -> RowOutcome:
    change, problem = _change(line, application, result)
    name = (application.name or "") if application else ""
    return RowOutcome(line.row, line.expert_number, name, change, problem, line.score)


def _judge(sheet: ResultSheet) -> tuple[list[RowOutcome], dict[str, Application]]:
    """Every row's outcome, in row order (rows the workbook refused keep their problem)."""
    applications = _locked_applications(line.expert_number for line in sheet.lines)
    results = _recorded(applications.values())
    first_row: dict[str, int] = {}
    rows = [RowOutcome(number, "", "", PROBLEM, problem) for number, problem in sheet.problems.items()]
    for line in sheet.lines:
        if line.expert_number in first_row:
            rows.append(RowOutcome(line.row, line.expert_number, "", PROBLEM,
                                   f"专家编号{line.expert_number}与第{first_row[line.expert_number]}行重复"))
            continue
        first_row[line.expert_number] = line.row
        application = applications.get(line.expert_number)
        rows.append(_judge_line(line, application, results.get(application.id) if application else None))
    return sorted(rows, key=lambda row: row.row), applications


def _record(application: Application, passed: bool, score: str | None, actor: Actor, source: str) -> None:
    batch = db.session.get(Batch, application.batch_id)
    lifecycle.move(application, "record_exam_result", actor, batch, outcome=S.admitted if passed else S.failed,
                   score=score, source=source)
    result = ExamResult(application_id=application.id, passed=passed, score=score, recorded_at=now(),
                        recorded_by=actor.id, source=source)
    db.session.add(result)
    db.session.flush()
    tell_result(application, batch, result)


@atomic
def _apply(sheet: ResultSheet, source: str, member: StaffMember, only_valid: bool) -> ResultsReport:
    actor = _require_recorder(member)
    rows, applications = _judge(sheet)
    report = ResultsReport(rows)
    if report.problems and not only_valid:
        return report
    for row in rows:
        if row.change in (ADMIT, FAIL):
            _record(applications[row.expert_number], row.change == ADMIT, row.score, actor, source)
    report.applied = True
    record(actor, "exam.results_imported", "exam_results", "*", source=source, admitted=report.count(ADMIT),
           failed=report.count(FAIL), unchanged=report.count(UNCHANGED), skipped=len(report.problems))
    return report


def import_results(data: bytes, filename: str | None, member: StaffMember, only_valid: bool = False) -> ResultsReport:
    """Read the workbook (outside any transaction), then judge and apply it in one."""
    _require_recorder(member)
    source = clean_name(filename, "成绩文件", ".xlsx")[:120]
    return _apply(read_results(data), source, member, only_valid)


@atomic
def record_one(expert_number: str, passed: bool | None, score: str | None, member: StaffMember) -> RowOutcome:
    """One result typed in the console; refused (nothing changed) with the same reasons as a file row."""
    actor = _require_recorder(member)
    problems: dict[str, str] = {}
    number = (expert_number or "").strip()
    if not number:
        problems["expert_number"] = "请填写专家编号"
    if passed is None:
        problems["passed"] = "请选择是否通过"
    parsed, score_problem = parse_score(score)
    if score_problem:
        problems["score"] = score_problem
    if problems:
        raise InvalidInput(next(iter(problems.values())) if len(problems) == 1 else "有多项填写有误，请检查", problems)
    line = ResultLine(0, number, None, parsed, bool(passed))
    [row], applications = _judge(ResultSheet([line]))
    if row.change == PROBLEM:
        raise InvalidInput.field("expert_number", row.problem)
    if row.change != UNCHANGED:
        _record(applications[number], row.change == ADMIT, parsed, actor, ONE_BY_ONE)
    return row


def awaiting_results(limit: int = 20_000) -> list[tuple[str, str]]:
    """(expert number, name) of every paid application: the rows of the template to fill in."""
    return [(number, name or "") for number, name in db.session.execute(
        select(Application.expert_number, Application.name).where(Application.state == S.paid)
        .order_by(Application.expert_number).limit(limit)).all()]


@atomic
def export_template(member: StaffMember) -> bytes:
    """The template to fill in, listing the paid applicants by name: the export is audited."""
    actor = _require_recorder(member)
    rows = awaiting_results()
    record(actor, "exam.template_exported", "exam_results", "*", count=len(rows))
    return template_bytes(rows)
