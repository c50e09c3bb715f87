"""Files API: upload a file (multipart), read one's own file, and get a desktop-upload code."""
from __future__ import annotations

import base64

import marshmallow as ma
from flask import current_app, request
from flask_smorest.fields import Upload
from werkzeug.datastructures import FileStorage, MultiDict

from server.applications import desktop_upload
from server.applications.drafts import current_application
from server.files import kinds, services
from server.files.inspection import FileTooLarge
from server.files.kinds import PDF_MAX_BYTES
from server.files.models import FileKind
from server.files.qr import qr_png
from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint, JsonParser
from server.handlers.api.fields import BeijingDateTime, Schema, choice, text
from server.handlers.documents import send_stored_file

BINARY = {"schema": {"type": "string", "format": "binary"}}
SLOTS = "title_certificate、education_proof、commitment_letter 或 certificate:<证书编号>"


class MultipartParser(JsonParser):
    """Adds the location `multipart`: the form fields and the files of one multipart body."""

    __location_map__ = {**JsonParser.__location_map__, "multipart": "load_multipart"}

    def load_multipart(self, req, schema):
        combined = MultiDict(req.form)
        for name, storage in req.files.items(multi=True):
            combined.add(name, storage)
        return self._makeproxy(combined, schema)


class FilesBlueprint(ApiBlueprint):
    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**ApiBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}


blp = FilesBlueprint("files", __name__, description="文件：上传（按内容检查）、读取本人文件、电脑上传码")


def _described(field: ma.fields.Field, description: str) -> ma.fields.Field:
    field.metadata = {**field.metadata, "description": description}
    return field


class FileField(Upload):
    """A multipart file part; a plain form value under the same name is not a file."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ma.ValidationError("请选择要上传的文件")
        return value


class UploadRequest(Schema):
    file = FileField(required=True, error_messages={"required": "请选择要上传的文件"},
                     metadata={"description": "文件内容：JPG、PNG 图片或 PDF（按文件类型而定，以内容为准）"})
    kind = choice("文件类型", [k.value for k in FileKind])
    name = _described(text("文件名", required=False, max_length=255, load_default=None,
                           refuse_nul=False),  # clean_name refuses it like any control character
                      "原文件名（小程序无法设置 multipart 中的文件名时用它），缺省时用 multipart 中的文件名")


class StoredFileSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Function(lambda row: row.kind.value)
    original_name = ma.fields.String()
    content_type = ma.fields.String(metadata={"description": "图片一律重新编码为 image/jpeg"})
    size = ma.fields.Integer(metadata={"description": "保存的字节数"})


class ImageLimitsSchema(ma.Schema):
    extensions = ma.fields.List(ma.fields.String(), metadata={"description": "可接受的扩展名（小写，不含点）"})
    max_bytes = ma.fields.Integer(metadata={"description": "最大字节数"})
    max_side = ma.fields.Integer(metadata={"description": "每边最多像素"})
    min_width = ma.fields.Integer(metadata={"description": "最小宽度（像素）"})
    min_height = ma.fields.Integer(metadata={"description": "最小高度（像素）"})
    portrait = ma.fields.Boolean(metadata={"description": "是否须为竖版（宽、高按显示方向）；否则宽高可互换"})


class PdfLimitsSchema(ma.Schema):
    extensions = ma.fields.List(ma.fields.String(), metadata={"description": "可接受的扩展名（小写，不含点）"})
    max_bytes = ma.fields.Integer(metadata={"description": "最大字节数"})
    max_pages = ma.fields.Integer(metadata={"description": "最多页数"})


class KindLimitsSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "文件类型（上传时的 kind）"})
    label = ma.fields.String(metadata={"description": "文件名称，如 一寸免冠照"})
    accepted = ma.fields.String(metadata={"description": "可接受的格式，如 JPG 或 PNG 图片"})
    explanation = ma.fields.String(metadata={"description": "对申报人的一句说明"})
    image = ma.fields.Nested(ImageLimitsSchema, allow_none=True, metadata={"description": "可上传图片时的限制，否则 null"})
    pdf = ma.fields.Nested(PdfLimitsSchema, allow_none=True, metadata={"description": "可上传 PDF 时的限制，否则 null"})


class UploadLimitsSchema(ma.Schema):
    request_max_bytes = ma.fields.Integer(metadata={"description": "一次请求的最大字节数（含 multipart 开销）"})
    kinds = ma.fields.List(ma.fields.Nested(KindLimitsSchema), metadata={"description": "每种文件的限制"})


class DesktopCodeRequest(Schema):
    slot = _described(text("上传位置", max_length=40), f"上传位置：{SLOTS}")


class DesktopCodeSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "8位上传码（30分钟内有效，只能使用一次）"})
    url = ma.fields.String(metadata={"description": "电脑浏览器打开的上传页面地址"})
    qr_png_base64 = ma.fields.String(metadata={"description": "上传页面地址的二维码（PNG，Base64）"})
    expires_at = BeijingDateTime()


@blp.before_request
def _refuse_oversize_body():
    """Answer an oversize body before reading it, naming the limit on the field `file`."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length and request.content_length > limit:
        raise FileTooLarge.over(PDF_MAX_BYTES)


@blp.route("/files", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(201, StoredFileSchema)
@blp.alt_response(413, schema="Error", description="文件过大")
@login_required
@blp.arguments(UploadRequest, location="multipart")
def upload_file(body: dict):
    """上传文件：图片重新编码并去除 EXIF；PDF 须未加密、无脚本；一天内未使用的文件会被删除"""
    storage: FileStorage = body["file"]
    name = body["name"] or storage.filename
    return services.upload(current_account().id, body["kind"], name, storage.read())


@blp.route("/files/limits", methods=["GET"])
@blp.response(200, UploadLimitsSchema)
def upload_limits():
    """上传限制（无需登录）：每种文件可接受的格式、大小、页数与像素，供小程序在上传前检查"""
    return {"request_max_bytes": current_app.config["MAX_CONTENT_LENGTH"],
            "kinds": [kinds.limits(kind) for kind in FileKind]}


@blp.route("/files/<int:file_id>", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, responses={200: {
    "description": "文件内容（仅本人可读；他人与不存在的文件同样答 404）",
    "content": {"image/jpeg": BINARY, "application/pdf": BINARY}}})
@blp.alt_response(404, schema="Error", description="文件不存在")
@login_required
def download_file(file_id: int):
    """读取本人上传的文件"""
    return send_stored_file(services.open_for_owner(file_id, current_account().id))


@blp.route("/applications/current/desktop-upload-codes", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(DesktopCodeRequest)
@blp.response(201, DesktopCodeSchema)
def create_desktop_upload_code(body: dict):
    """获取电脑上传码：在电脑浏览器打开链接（或扫码），输入上传码后把文件上传到指定位置"""
    account = current_account()
    application = current_application(account)
    code, expires_at = desktop_upload.create_code(account.id, application.id, body["slot"])
    url = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/upload?code={code}"
    return {"code": code, "url": url, "expires_at": expires_at,
            "qr_png_base64": base64.b64encode(qr_png(url)).decode()}
