"""The texts of the association's messages (notices, exam results) fit WeChat's field limits and SMS's
parameters, whatever the title (the texts are the files in templates/messages/)."""
from __future__ import annotations

import pytest

from server.messages.channels import render
from server.wechat.template_fields import subscribe_data_problems, template_data_problems

LONG_TITLE = "关于组织2024年全区第二批评标专家参加线上培训和闭卷考试的通知（请务必按时参加）"
CONTEXTS = {
    "notice_posted": {"notice_id": 7, "title": LONG_TITLE, "batch_name": "2024年全区第二批评标专家选聘（第二批次补充）",
                      "published_at": "2026-12-05 10:00", "page": "pages/notices/detail/index?id=7"},
    "exam_admitted": {"name": "古丽米拉", "expert_number": "B001-650200-0001", "batch_name": "2024年第二批",
                      "recorded_at": "2026-12-20 15:00", "score": "88", "page": "pages/admission/index"},
    "exam_failed": {"name": "张三", "expert_number": "B001-650200-0002", "batch_name": "2024年第二批",
                    "recorded_at": "2026-12-20 15:00", "score": "52.5"},
}


def fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines())


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_the_wechat_texts_fit_the_fields(app, kind):
    with app.app_context():
        subscribe = fields(render(kind, "subscribe", CONTEXTS[kind]))
        template = fields(render(kind, "template", CONTEXTS[kind]))
    assert subscribe and subscribe_data_problems(subscribe) == []
    assert template and template_data_problems(template) == []


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_the_sms_text_is_parameters_only_each_short(app, kind):
    with app.app_context():
        parameters = render(kind, "sms", CONTEXTS[kind]).splitlines()
    assert parameters and all(0 < len(value) <= 16 for value in parameters)


def test_a_long_title_is_cut_to_twenty_characters_in_a_subscribe_message(app):
    with app.app_context():
        thing = fields(render("notice_posted", "subscribe", CONTEXTS["notice_posted"]))["thing1"]
    assert len(thing) == 20 and thing.endswith("…") and thing.startswith("关于组织2024年")
