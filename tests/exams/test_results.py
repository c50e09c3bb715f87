"""Exam results: a file is judged whole before anything changes; a file with any unknown,
contradictory or unpaid row changes nothing and names the row; the corrected file admits and fails
the right people through the lifecycle, each told once — and uploading it again tells nobody."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.errors import Forbidden, InvalidInput
from server.exams import results
from server.exams.models import ExamResult
from server.extensions import db
from server.messages.models import OutboxMessage
from tests.fixtures.staff import staff_member

HEADERS = ("专家编号", "姓名", "成绩", "是否通过")


def workbook(*rows) -> bytes:
    book = Workbook()
    book.active.append(list(HEADERS))
    for row in rows:
        book.active.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def recorder(app, make_staff):
    member_id = make_staff(StaffRole.association)

    def upload(data: bytes, only_valid: bool = False) -> results.ResultsReport:
        with app.app_context():
            return results.import_results(data, "第一期考试成绩.xlsx", staff_member(member_id), only_valid)

    upload.member_id = member_id
    return upload


@pytest.fixture
def experts(app, build) -> list[tuple[str, str, int]]:
    """Three paid applicants (expert number, name, account) and one approved but unpaid."""
    ids = build.many([{"state": S.paid, "name": "张三"}, {"state": S.paid, "name": "李四"},
                      {"state": S.paid, "name": "王五"}, {"state": S.approved, "name": "赵六"}])
    with app.app_context():
        rows = {a.id: a for a in db.session.scalars(select(Application).where(Application.id.in_(ids)))}
        return [(rows[i].expert_number, rows[i].name, rows[i].account_id) for i in ids]


def states(app) -> dict[str, S]:
    with app.app_context():
        return dict(db.session.execute(select(Application.name, Application.state)).all())


def messages(app) -> list[tuple[int, str]]:
    with app.app_context():
        return sorted(db.session.execute(select(OutboxMessage.account_id, OutboxMessage.kind)
                                         .where(OutboxMessage.kind.like("exam_%"))).all())


def test_one_unknown_expert_number_changes_nothing_and_names_its_row(app, experts, recorder):
    (zhang, _, _), (li, _, _), (wang, _, _), _ = experts
    report = recorder(workbook((zhang, "张三", 88, "是"), ("B999-650100-0099", "无名", 70, "是"),
                               (li, "李四", 52, "否"), (wang, "王五", 91, "是")))
    assert report.applied is False
    [problem] = report.problems
    assert (problem.row, problem.problem) == (3, "专家编号“B999-650100-0099”不存在，请核对")
    assert [row.change for row in report.rows] == ["admit", "problem", "fail", "admit"]
    assert states(app) == {"张三": S.paid, "李四": S.paid, "王五": S.paid, "赵六": S.approved}
    assert messages(app) == []
    with app.app_context():
        assert db.session.scalars(select(ExamResult)).all() == []


def test_the_corrected_file_admits_and_fails_the_right_people_each_told_once(app, experts, recorder):
    (zhang, _, zhang_account), (li, _, li_account), (wang, _, wang_account), _ = experts
    corrected = workbook((zhang, "张三", 88, "是"), (li, "李四", 52, "否"), (wang, "王五", 91, "是"))
    report = recorder(corrected)
    assert report.applied is True and (report.count("admit"), report.count("fail")) == (2, 1)
    assert states(app) == {"张三": S.admitted, "李四": S.failed, "王五": S.admitted, "赵六": S.approved}
    told = sorted([(zhang_account, "exam_admitted"), (li_account, "exam_failed"), (wang_account, "exam_admitted")])
    assert messages(app) == told

    again = recorder(corrected)
    assert again.applied is True and again.count("unchanged") == 3 and again.count("admit") == 0
    assert messages(app) == told
    with app.app_context():
        moves = db.session.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "application.exam_result_recorded")).all()
        assert sorted((move["state"], move["score"]) for move in moves) == [
            ("admitted", "88"), ("admitted", "91"), ("failed", "52")]
        zhang_result = db.session.scalars(select(ExamResult).join(Application).where(
            Application.expert_number == zhang)).one()
        assert (zhang_result.passed, zhang_result.score, zhang_result.source, zhang_result.recorded_by) == (
            True, "88", "第一期考试成绩.xlsx", recorder.member_id)


def test_on_request_only_the_valid_rows_are_applied(app, experts, recorder):
    (zhang, _, _), (li, _, _), _, _ = experts
    report = recorder(workbook((zhang, "张三", 88, "是"), ("B999-650100-0099", None, 70, "是"), (li, "李四", 52, "否")),
                      only_valid=True)
    assert report.applied is True and len(report.problems) == 1
    assert states(app)["张三"] is S.admitted and states(app)["李四"] is S.failed


def test_contradictory_rows_are_each_named(app, experts, recorder):
    (zhang, _, _), (li, _, _), (wang, _, _), (zhao, _, _) = experts
    recorder(workbook((wang, "王五", 91, "是")))
    report = recorder(workbook((zhang, "张三", 88, "是"), (zhang, "张三", 40, "否"), (li, "李小四", 52, "否"),
                               (wang, "王五", 45, "否"), (zhao, "赵六", 80, "是"), ("", "无编号", 1, "否")))
    assert report.applied is False
    assert {row.row: row.problem for row in report.problems} == {
        3: f"专家编号{zhang}与第2行重复",
        4: f"姓名“李小四”与专家编号{li}的申报人“李四”不一致",
        5: "已登记为“通过，成绩91”，与本行“未通过，成绩45”矛盾；已登记的结果不能通过上传更改",
        6: f"专家编号{zhao}（赵六）当前为“审核通过”，只有已缴费的申报人可以登记考试结果",
        7: "专家编号为空",
    }
    assert states(app)["张三"] is S.paid


def test_a_result_is_recorded_one_by_one_with_the_same_checks(app, experts, make_staff):
    (zhang, _, zhang_account), _, _, (zhao, _, _) = experts
    member_id = make_staff(StaffRole.admin)
    with app.app_context():
        member = staff_member(member_id)
        assert results.record_one(zhang, False, "59.5", member).change == "fail"
        assert results.record_one(zhang, False, None, member).change == "unchanged"
        with pytest.raises(InvalidInput) as refused:
            results.record_one(zhao, True, "80", member)
        assert refused.value.fields["expert_number"].endswith("只有已缴费的申报人可以登记考试结果")
        with pytest.raises(InvalidInput) as refused:
            results.record_one("", None, "abc", member)
        assert set(refused.value.fields) == {"expert_number", "passed", "score"}
    assert messages(app) == [(zhang_account, "exam_failed")]


def test_reviewers_cannot_record_results(app, experts, make_staff):
    reviewer = make_staff(StaffRole.reviewer, "650100")
    with app.app_context(), pytest.raises(Forbidden):
        results.import_results(workbook((experts[0][0], None, 80, "是")), "x.xlsx", staff_member(reviewer))
