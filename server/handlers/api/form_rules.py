"""Rules API (no login): the limits of the form stated by the server, so the mini-program reads them
instead of keeping a copy (the picker's notice, and the tests, follow the server's constants)."""
from __future__ import annotations

import marshmallow as ma

from server.applications.rules.specialties import MAX_LEVEL1, MAX_LEVEL2, MAX_LEVEL3_PICKS
from server.handlers.api.blueprint import ApiBlueprint

blp = ApiBlueprint("form_rules", __name__, description="规则：申报表的限制（评标专业选择数量等）")


class SpecialtyRulesSchema(ma.Schema):
    max_level1 = ma.fields.Integer(metadata={"description": "每组（首选、备选）一级类别最多项数"})
    max_level2 = ma.fields.Integer(metadata={"description": "每组二级类别最多项数（须在所选一级类别下）"})
    max_level3_picks = ma.fields.Integer(metadata={
        "description": "每组三级类别最多项数（须在所选二级类别下；无三级类别的二级类别计为1项）"})


class FormRulesSchema(ma.Schema):
    specialties = ma.fields.Nested(SpecialtyRulesSchema)


@blp.route("/reference/rules", methods=["GET"])
@blp.response(200, FormRulesSchema)
def form_rules():
    """申报表规则：评标专业每组可选的项数（小程序据此提示，规则本身由服务器检查）"""
    return {"specialties": {"max_level1": MAX_LEVEL1, "max_level2": MAX_LEVEL2,
                            "max_level3_picks": MAX_LEVEL3_PICKS}}
