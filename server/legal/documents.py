"""The user agreement and the privacy policy, and the association's hotlines they name (kept in
`server.contacts`, where staff change them).

The texts are Markdown templates in `templates/legal/`; they are rendered with Jinja and cut into
blocks (title, headings, paragraphs, list items) so the mini-program shows them without a Markdown
renderer. `version` is the date a text last changed: registration records the versions agreed to
(`check_agreed`), and a client that showed an older text is asked to show the new one.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from server.contacts.services import hotlines
from server.errors import InvalidInput, NotFound

OPERATOR = "新疆建设工程招标投标协会"


@dataclass(frozen=True)
class LegalDocument:
    key: str
    title: str
    version: str
    template: str


DOCUMENTS = {doc.key: doc for doc in (
    LegalDocument("user-agreement", "用户协议", "2024-11-01", "legal/user-agreement.md"),
    LegalDocument("privacy-policy", "隐私政策", "2024-11-01", "legal/privacy-policy.md"),
)}


def document(key: str) -> LegalDocument:
    if key not in DOCUMENTS:
        raise NotFound(f"文档须为以下之一：{'、'.join(DOCUMENTS)}")
    return DOCUMENTS[key]


OUTDATED = "用户协议或隐私政策已更新，请重新阅读并勾选同意"


def check_agreed(agreed: dict[str, str], field: str = "agreed_versions") -> dict[str, str]:
    """The versions a registration agreed to, if they are every document's current version."""
    current = {key: doc.version for key, doc in DOCUMENTS.items()}
    if agreed != current:
        raise InvalidInput.field(field, OUTDATED)
    return agreed


def _block(line: str) -> dict[str, str]:
    for prefix, kind in (("# ", "title"), ("## ", "heading"), ("- ", "item")):
        if line.startswith(prefix):
            return {"type": kind, "text": line[len(prefix):].strip()}
    return {"type": "paragraph", "text": line.strip()}


def blocks(markdown: str) -> list[dict[str, str]]:
    """One block per non-blank line: the texts keep each paragraph on one line."""
    return [_block(line) for line in markdown.splitlines() if line.strip()]


def rendered(key: str) -> dict[str, object]:
    doc = document(key)
    payment, technical = hotlines()
    markdown = render_template(doc.template, title=doc.title, effective_on=doc.version, operator=OPERATOR,
                               payment_hotline=payment.phone, technical_hotline=technical.phone)
    return {"key": doc.key, "title": doc.title, "version": doc.version, "blocks": blocks(markdown)}
