"""Contacts API (咨询电话): my prefecture's policy-consultation contacts and the hotlines."""
from __future__ import annotations

import marshmallow as ma

from server.contacts import services
from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import Schema, text
from server.handlers.api.legal import ContactSchema

blp = ApiBlueprint("contacts", __name__, description="咨询电话：所在市州的政策咨询与系统咨询热线")


class ContactWithHoursSchema(ContactSchema):
    hours = ma.fields.String(metadata={"description": "咨询时间，如 工作日 10:00-18:00（可能为空）"})


class PrefectureBriefSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class ContactsSchema(ma.Schema):
    prefecture = ma.fields.Nested(PrefectureBriefSchema, allow_none=True,
                                  metadata={"description": "所在市州（申报资料中尚未填写时为 null）"})
    contacts = ma.fields.List(ma.fields.Nested(ContactWithHoursSchema),
                              metadata={"description": "所在市州住房城乡建设主管部门的政策咨询电话（尚未公布时为空）"})
    hotlines = ma.fields.List(ma.fields.Nested(ContactWithHoursSchema),
                              metadata={"description": "缴费系统咨询电话、技术服务咨询热线"})


class ContactsQuery(Schema):
    prefecture_code = text("所在市州", required=False, max_length=6)


@blp.route("/contacts", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ContactsSchema)
@blp.alt_response(422, schema="Error", description="所在市州代码不在列表中")
@login_required
@blp.arguments(ContactsQuery, location="query")
def contacts(query: dict):
    """我所在市州（或指定市州）的政策咨询电话，以及系统咨询热线"""
    return services.contacts_for(current_account(), query.get("prefecture_code"))
