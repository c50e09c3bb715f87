"""Each prefecture's consultation contacts (选聘公告附件4), from CONSULTATION_CONTACTS_FILE:
{"prefectures": {"650100": [{"label": "乌鲁木齐市住房和城乡建设局", "phone": "0991-…"}]}}."""
from __future__ import annotations

import json
from pathlib import Path

from flask import current_app

from server.legal.documents import Contact


def prefecture_contacts(prefecture_code: str | None) -> list[Contact]:
    """The prefecture's contacts; none when the file lists none (or no prefecture is known)."""
    if not prefecture_code:
        return []
    path = Path(current_app.config["CONSULTATION_CONTACTS_FILE"])
    listed = json.loads(path.read_text(encoding="utf-8")).get("prefectures", {})
    return [Contact(str(item["label"]), str(item["phone"])) for item in listed.get(prefecture_code, [])]
