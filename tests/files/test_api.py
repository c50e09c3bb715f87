"""POST /api/v1/files and GET /api/v1/files/{id}: checked uploads, and files only for their owner."""
from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from PIL import Image

from server.files.kinds import PDF_MAX_BYTES
from tests.fixtures import samples


def test_a_jpeg_with_exif_comes_back_re_encoded_without_it(client, applicant, upload):
    response = upload(applicant, "photo", samples.jpeg_with_exif(400, 300), "头像.jpg")
    assert response.status_code == 201
    assert set(response.json) == {"id", "kind", "original_name", "content_type", "size"}
    assert response.json["kind"] == "photo" and response.json["original_name"] == "头像.jpg"
    assert response.json["content_type"] == "image/jpeg"

    download = client.get(f"/api/v1/files/{response.json['id']}", headers=applicant)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    assert len(download.data) == response.json["size"]
    image = Image.open(io.BytesIO(download.data))
    assert image.size == (300, 400) and not image.getexif() and "icc_profile" not in image.info


def test_a_png_is_accepted_and_served_as_a_jpeg_with_a_jpg_name(client, applicant, upload):
    response = upload(applicant, "id_card_front", samples.png(600, 400), "身份证.png")
    assert response.status_code == 201 and response.json["content_type"] == "image/jpeg"
    download = client.get(f"/api/v1/files/{response.json['id']}", headers=applicant)
    assert download.data[:3] == b"\xff\xd8\xff"
    assert f"filename*=UTF-8''{quote('身份证.jpg')}" in download.headers["Content-Disposition"]


def test_a_valid_pdf_is_stored_as_it_came(client, applicant, upload):
    data = samples.pdf(pages=2)
    response = upload(applicant, "education_proof", data, "学历证明.pdf")
    assert response.status_code == 201
    assert response.json["content_type"] == "application/pdf" and response.json["size"] == len(data)
    assert client.get(f"/api/v1/files/{response.json['id']}", headers=applicant).data == data


def test_the_mini_program_may_give_the_original_name_in_a_form_field(applicant, upload):
    response = upload(applicant, "education_proof", samples.pdf(), "tmp_3f9a1c.pdf", name="学历证明.pdf")
    assert response.json["original_name"] == "学历证明.pdf"


BAD_UPLOADS = {
    "an executable renamed .jpg": (
        "photo", samples.ELF_HEADER, "photo.jpg", {}, 422, "file", "一寸免冠照须为 JPG 或 PNG 图片"),
    "a PNG decompression bomb": (
        "photo", samples.png_bomb(30000, 30000), "bomb.png", {}, 422, "file", "图片尺寸过大，每边不能超过8000像素"),
    "a truncated PDF": (
        "education_proof", samples.truncated_pdf(), "a.pdf", {}, 422, "file", "PDF 文件已损坏或不完整，请重新导出后上传"),
    "an encrypted PDF": (
        "education_proof", samples.encrypted_pdf(), "a.pdf", {}, 422, "file", "PDF 文件已加密，请上传未加密的文件"),
    "a PDF with JavaScript": (
        "commitment_letter", samples.SCRIPTED_PDFS["document JavaScript (/Names /JavaScript)"](), "a.pdf", {},
        422, "file", "PDF 文件含有脚本或自动执行的动作，不能上传；请用“打印为 PDF”重新生成后上传"),
    "a file over the limit": (
        "education_proof", samples.oversized(b"%PDF-1.7\n", PDF_MAX_BYTES + 1), "big.pdf", {}, 413, "file",
        "文件超过 10MB，请压缩后重新上传"),
    "a file name with ../": (
        "education_proof", samples.pdf(), "../../etc/passwd.pdf", {}, 422, "file",
        "文件名不能包含 /、\\、..、空字符或控制字符，请改名后重新上传"),
    "a file name with a NUL byte": (
        "education_proof", samples.pdf(), "scan\x00.pdf", {}, 422, "file",
        "文件名不能包含 /、\\、..、空字符或控制字符，请改名后重新上传"),
    "a NUL byte in the name given as a form field": (
        "education_proof", samples.pdf(), "scan.pdf", {"name": "scan\x00.pdf"}, 422, "file",
        "文件名不能包含 /、\\、..、空字符或控制字符，请改名后重新上传"),
    "a wrong kind": (
        "passport", samples.pdf(), "a.pdf", {}, 422, "kind",
        "文件类型须为以下之一：photo、id_card_front、id_card_back、title_certificate、education_proof、"
        "certificate_proof、commitment_letter、signed_review_sheet、signed_sheet_page"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_is_refused_in_chinese_and_nothing_is_stored(applicant, upload, nothing_stored, case):
    kind, data, name, form, status, field, message = BAD_UPLOADS[case]
    response = upload(applicant, kind, data, name, **form)
    assert response.status_code == status
    assert response.json["message"] == message and response.json["fields"] == {field: message}
    assert nothing_stored()


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(app, applicant, upload, nothing_stored):
    response = upload(applicant, "education_proof", b"%PDF-" + b"0" * app.config["MAX_CONTENT_LENGTH"], "a.pdf")
    assert response.status_code == 413
    assert response.json == {"code": "too_large", "message": "文件超过 10MB，请压缩后重新上传",
                             "fields": {"file": "文件超过 10MB，请压缩后重新上传"}}
    assert nothing_stored()


def test_the_request_limit_leaves_room_for_the_largest_file():
    from server.config import from_environment

    assert PDF_MAX_BYTES < from_environment()["MAX_CONTENT_LENGTH"] < PDF_MAX_BYTES + 2 * 1024 * 1024


def test_a_missing_file_is_named(client, applicant):
    response = client.post("/api/v1/files", headers=applicant, data={"kind": "photo", "file": "not a file"},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and response.json["fields"] == {"file": "请选择要上传的文件"}


def test_uploading_and_reading_need_a_login(client, upload):
    assert upload({}, "photo", samples.jpeg(), "a.jpg").status_code == 401
    assert client.get("/api/v1/files/1").status_code == 401


def test_another_applicants_file_answers_404_like_a_missing_one(client, applicant, other_applicant, upload):
    file_id = upload(applicant, "education_proof", samples.pdf(), "a.pdf").json["id"]
    theirs = client.get(f"/api/v1/files/{file_id}", headers=other_applicant)
    missing = client.get(f"/api/v1/files/{file_id + 1000}", headers=other_applicant)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json == missing.json == {"code": "not_found", "message": "文件不存在", "fields": {}}


def test_a_download_is_inline_with_a_chinese_file_name_and_not_sniffable(client, applicant, upload):
    file_id = upload(applicant, "education_proof", samples.pdf(), "学历证明 2024.pdf").json["id"]
    response = client.get(f"/api/v1/files/{file_id}", headers=applicant)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert f"filename*=UTF-8''{quote('学历证明 2024.pdf')}" in disposition
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in response.headers["Cache-Control"]


def test_the_openapi_document_describes_the_multipart_upload(client):
    document = client.get("/api/v1/openapi.json").json
    body = document["paths"]["/api/v1/files"]["post"]["requestBody"]["content"]
    schema_name = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = document["components"]["schemas"][schema_name]["properties"]
    assert properties["file"] == {"type": "string", "format": "binary",
                                  "description": properties["file"]["description"]}
    assert "photo" in properties["kind"]["enum"]
    assert set(document["components"]["schemas"][schema_name]["required"]) == {"file", "kind"}


def test_a_file_number_too_large_for_an_id_is_404(client, applicant):
    response = client.get("/api/v1/files/99999999999999999999", headers=applicant)
    assert response.status_code == 404 and response.json["code"] == "not_found" and response.json["message"]
