"""Reference data API (no login): the specialty catalog with this batch's closed nodes, form options."""
from __future__ import annotations

import marshmallow as ma
from flask import Response

from server.batches.services import current_batch
from server.handlers.api.blueprint import ApiBlueprint
from server.reference import services
from server.reference.catalog import DEFAULT_EDITION
from server.reference.options import bundled_options
from server.reference.tree import tree

CACHE_CONTROL = "public, max-age=300"

blp = ApiBlueprint("reference", __name__, description="参考数据：评标专业目录与申报表选项")


@blp.after_request
def _cacheable(response: Response) -> Response:
    if response.status_code == 200:
        response.headers["Cache-Control"] = CACHE_CONTROL
    return response


class SpecialtyNodeSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "专业编码，如 A04、A0401、A040101"})
    name = ma.fields.String(metadata={"description": "专业名称"})
    level = ma.fields.Integer(metadata={"description": "类别级别：1、2、3"})
    closed = ma.fields.Boolean(metadata={"description": "本批次是否关闭（灰色，不可选择）；关闭上级即关闭其下全部"})
    children = ma.fields.List(ma.fields.Nested(lambda: SpecialtyNodeSchema()),
                              metadata={"description": "下级类别"})


class SpecialtyCatalogSchema(ma.Schema):
    edition = ma.fields.String(metadata={"description": "目录版本，如 2018"})
    tree = ma.fields.List(ma.fields.Nested(SpecialtyNodeSchema), metadata={"description": "一级类别及其下级"})


class PrefectureSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "行政区划代码，如 650100"})
    name = ma.fields.String(metadata={"description": "市州名称"})


class PoliticalAffiliationSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "GB/T 4762 代码"})
    name = ma.fields.String(metadata={"description": "全称"})
    short = ma.fields.String(metadata={"description": "简称"})


class FormOptionsSchema(ma.Schema):
    prefectures = ma.fields.List(ma.fields.Nested(PrefectureSchema), metadata={"description": "所在市州（14个）"})
    political_affiliations = ma.fields.List(ma.fields.Nested(PoliticalAffiliationSchema),
                                            metadata={"description": "政治面貌"})
    education = ma.fields.List(ma.fields.String(), metadata={"description": "最高学历"})
    degrees = ma.fields.List(ma.fields.String(), metadata={"description": "学位"})
    title_levels = ma.fields.List(ma.fields.String(), metadata={"description": "职称级别"})


@blp.route("/reference/specialties", methods=["GET"])
@blp.response(200, SpecialtyCatalogSchema)
def specialties():
    """评标专业目录（当前批次关闭的专业标记为 closed，灰色不可选择）"""
    catalog = services.catalog(DEFAULT_EDITION)
    batch = current_batch()
    closed = services.closed_codes(batch.id) if batch is not None else frozenset()
    return {"edition": DEFAULT_EDITION, "tree": tree(catalog, closed)}


@blp.route("/reference/options", methods=["GET"])
@blp.response(200, FormOptionsSchema)
def options():
    """申报表的选项：所在市州、政治面貌、学历、学位、职称级别"""
    form = bundled_options()
    return {
        "prefectures": form.prefectures,
        "political_affiliations": form.political_affiliations,
        "education": form.education_choices,
        "degrees": form.degree_choices,
        "title_levels": form.title_levels,
    }
