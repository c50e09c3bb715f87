"""Legal API (no login): the user agreement, the privacy policy and the hotlines, for registration
and the profile page."""
from __future__ import annotations

import marshmallow as ma

from server.contacts.services import hotlines
from server.handlers.api.blueprint import ApiBlueprint
from server.legal import documents

blp = ApiBlueprint("legal", __name__, description="用户协议、隐私政策与咨询电话")


class ContactSchema(ma.Schema):
    label = ma.fields.String(metadata={"description": "如 技术服务咨询热线"})
    phone = ma.fields.String(metadata={"description": "电话号码，如 0991-8837410"})


class DocumentBriefSchema(ma.Schema):
    key = ma.fields.String(metadata={"description": "user-agreement 或 privacy-policy"})
    title = ma.fields.String()
    version = ma.fields.String(metadata={"description": "文本版本（最近修改日期）"})


class LegalIndexSchema(ma.Schema):
    documents = ma.fields.List(ma.fields.Nested(DocumentBriefSchema))
    contacts = ma.fields.List(ma.fields.Nested(ContactSchema))


class BlockSchema(ma.Schema):
    type = ma.fields.String(metadata={"description": "title、heading、paragraph 或 item"})
    text = ma.fields.String()


class LegalDocumentSchema(DocumentBriefSchema):
    blocks = ma.fields.List(ma.fields.Nested(BlockSchema), metadata={"description": "按顺序排列的段落"})


@blp.route("/legal", methods=["GET"])
@blp.response(200, LegalIndexSchema)
def legal_index():
    """用户协议、隐私政策的版本，以及咨询电话"""
    return {"documents": list(documents.DOCUMENTS.values()), "contacts": list(hotlines())}


@blp.route("/legal/<key>", methods=["GET"])
@blp.response(200, LegalDocumentSchema)
def legal_document(key: str):
    """用户协议或隐私政策全文"""
    return documents.rendered(key)
