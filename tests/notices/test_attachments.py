"""A notice's PDFs: checked like the applicants' uploads before a byte is stored, at most five,
only while the notice can change; a removed one's blob goes unless another row still names it."""
from __future__ import annotations

import pytest

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.errors import Conflict, InvalidInput
from server.files import services as files
from server.files.inspection import FileTooLarge
from server.files.kinds import PDF_MAX_BYTES
from server.files.storage import blob_key, storage
from server.notices import attachments, services
from server.notices.attachments import MAX_ATTACHMENTS
from server.notices.services import NoticeInput
from tests.fixtures import samples
from tests.fixtures.staff import staff_member


@pytest.fixture
def draft(app, batch, make_staff, app_context) -> tuple[int, Actor]:
    actor = Actor.staff(staff_member(make_staff(StaffRole.association)))
    return services.create_notice(NoticeInput("培训通知", "正文", batch, ("paid",)), actor).id, actor


@pytest.mark.parametrize(("data", "message"), [
    (samples.jpeg(), "通知附件须为 PDF 文件"),
    (samples.encrypted_pdf(), "PDF 文件已加密"),
    (samples.truncated_pdf(), "PDF 文件已损坏或不完整"),
    (b"", "请选择要上传的 PDF 文件"),
])
def test_what_is_not_a_clean_pdf_is_refused_with_the_reason(draft, data, message):
    notice_id, actor = draft
    with pytest.raises(InvalidInput) as refused:
        attachments.add_attachment(notice_id, "附件.pdf", data, actor)
    assert message in refused.value.fields["file"]
    assert attachments.attachments_of(notice_id) == []


def test_a_pdf_with_a_script_is_refused(draft):
    notice_id, actor = draft
    with pytest.raises(InvalidInput, match="脚本"):
        attachments.add_attachment(notice_id, "附件.pdf", samples._rewritten(samples._open_action), actor)


def test_an_oversized_pdf_is_refused_before_it_is_read(draft):
    notice_id, actor = draft
    with pytest.raises(FileTooLarge):
        attachments.add_attachment(notice_id, "附件.pdf", samples.oversized(b"%PDF-1.4", PDF_MAX_BYTES + 1), actor)


def test_a_notice_holds_at_most_five_attachments(draft):
    notice_id, actor = draft
    for number in range(MAX_ATTACHMENTS):
        attachments.add_attachment(notice_id, f"附件{number}.pdf", samples.pdf(f"p{number}"), actor)
    with pytest.raises(InvalidInput, match="最多5个附件"):
        attachments.add_attachment(notice_id, "第六个.pdf", samples.pdf("p6"), actor)


def test_a_published_notice_keeps_its_attachments(draft):
    notice_id, actor = draft
    attachment = attachments.add_attachment(notice_id, "附件.pdf", samples.pdf("a"), actor)
    services.publish_now(notice_id, actor)
    with pytest.raises(Conflict):
        attachments.add_attachment(notice_id, "再加.pdf", samples.pdf("b"), actor)
    with pytest.raises(Conflict):
        attachments.remove_attachment(notice_id, attachment.id, actor)


def test_removing_an_attachment_drops_its_blob(draft):
    notice_id, actor = draft
    data = samples.pdf("removed")
    attachment = attachments.add_attachment(notice_id, "附件.pdf", data, actor)
    assert storage().exists(blob_key(data))
    attachments.remove_attachment(notice_id, attachment.id, actor)
    assert not storage().exists(blob_key(data))


def test_an_attachment_keeps_a_blob_an_unclaimed_upload_shared(draft, make_account, clock):
    notice_id, actor = draft
    data = samples.pdf("shared")
    files.upload(make_account(), "commitment_letter", "承诺书.pdf", data)
    attachments.add_attachment(notice_id, "附件.pdf", data, actor)
    clock.shift(2 * 86400)
    assert files.remove_unclaimed() == 1
    assert attachments.open_attachment(notice_id, attachments.attachments_of(notice_id)[0].id).data == data
