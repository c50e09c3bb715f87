"""Every job: a plain function of `now` (Beijing time is read from it), idempotent — run twice,
nothing twice — and batched, returning a short Chinese summary for the console."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from server.clock import BEIJING
from server.files import services as files
from server.messages import sender
from server.notices import services as notices
from server.payments import jobs as payments
from server.reminders import services as reminders


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    run: Callable[[datetime], str]
    trigger: str  # "interval" or "cron", APScheduler's
    schedule: dict[str, Any] = field(default_factory=dict)

    @property
    def schedule_text(self) -> str:
        if self.trigger == "interval":
            return f"每{self.schedule['minutes']}分钟"
        return f"每天 {self.schedule['hour']:02d}:{self.schedule.get('minute', 0):02d}（北京时间）"


def _send_messages(now: datetime) -> str:
    report = sender.send_due(now)
    return f"送达{report.sent}条，待重试{report.retrying}条，失败{report.failed}条"


def _publish_notices(now: datetime) -> str:
    report = notices.publish_due(now)
    return f"发布通知{len(report.published)}份，共{report.recipients}人"


def _remove_unclaimed(now: datetime) -> str:
    return f"删除{files.remove_unclaimed(now=now)}个一天内未使用的上传文件"


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("send_messages", "发送消息（订阅消息、公众号、短信、邮件）", _send_messages, "interval", {"minutes": 1}),
    Job("publish_notices", "按时发布通知公告", _publish_notices, "interval", {"minutes": 1}),
    Job("reminders", "截止前提醒", reminders.queue_reminders, "interval", {"minutes": 10}),
    Job("payment_open", "缴费开放通知", reminders.queue_payment_open, "interval", {"minutes": 10}),
    Job("review_digest", "审核截止前待审核名单（发给审核员与协会）", reminders.queue_review_digest, "cron",
        {"hour": 9, "minute": 0}),
    Job("payment_orders", "查询未完成的支付订单与退款、关闭过期订单", payments.check_orders, "interval", {"minutes": 5}),
    Job("payment_reconciliation", "微信支付对账（前一日账单）", payments.reconcile_yesterday, "cron",
        {"hour": 10, "minute": 0}),
    Job("remove_unclaimed_files", "清理未使用的上传文件", _remove_unclaimed, "cron", {"hour": 3, "minute": 30}),
)}


def trigger_options(job: Job) -> dict[str, Any]:
    options = dict(job.schedule)
    if job.trigger == "cron":
        options["timezone"] = BEIJING
    return options
