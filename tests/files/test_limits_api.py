"""GET /api/v1/files/limits: the limits the mini-program checks a file against before sending it,
stated by the server from the same table the upload check uses."""
from __future__ import annotations

import pytest

from server.files.kinds import IMAGE_MAX_BYTES, PDF_MAX_BYTES, RULES
from server.files.models import FileKind
from tests.fixtures import samples

LIMITS = "/api/v1/files/limits"


def limits_of(client) -> dict[str, dict]:
    response = client.get(LIMITS)
    assert response.status_code == 200
    return {entry["kind"]: entry for entry in response.json["kinds"]}


def test_every_kind_is_stated_without_login(client):
    assert list(limits_of(client)) == [kind.value for kind in FileKind]


def test_the_photo_is_a_portrait_image_of_at_most_5_mb_and_at_least_150_by_200(client):
    photo = limits_of(client)["photo"]
    assert photo["label"] == "一寸免冠照" and photo["accepted"] == "JPG 或 PNG 图片"
    assert photo["image"] == {"extensions": ["jpg", "jpeg", "png"], "max_bytes": 5 * 1024 * 1024,
                              "max_side": 8000, "min_width": 150, "min_height": 200, "portrait": True}
    assert photo["pdf"] is None


def test_the_title_certificate_may_be_an_image_or_a_pdf_each_with_its_own_size(client):
    title = limits_of(client)["title_certificate"]
    assert title["image"]["max_bytes"] == IMAGE_MAX_BYTES and title["image"]["portrait"] is False
    assert title["pdf"] == {"extensions": ["pdf"], "max_bytes": PDF_MAX_BYTES, "max_pages": 50}
    assert title["explanation"] == RULES[FileKind.title_certificate].explanation


def test_the_request_cap_is_the_servers_body_limit(app, client):
    assert client.get(LIMITS).json["request_max_bytes"] == app.config["MAX_CONTENT_LENGTH"]


@pytest.mark.parametrize("kind", ["education_proof", "signed_review_sheet"])
def test_a_pdf_one_byte_over_the_stated_size_is_refused_by_the_upload(client, applicant, upload, kind):
    stated = limits_of(client)[kind]["pdf"]["max_bytes"]
    response = upload(applicant, kind, samples.oversized(b"%PDF-1.7\n", stated + 1), "big.pdf")
    assert response.status_code == 413 and response.json["fields"]["file"] == "文件超过 10MB，请压缩后重新上传"


def test_an_image_for_a_kind_that_states_no_image_limits_is_refused(client, applicant, upload):
    assert limits_of(client)["commitment_letter"]["image"] is None
    response = upload(applicant, "commitment_letter", samples.jpeg(), "letter.jpg")
    assert response.status_code == 422 and response.json["fields"]["file"] == "诚信承诺书须为 PDF 文件"


def test_the_document_describes_the_limits(client):
    operation = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/files/limits"]["get"]
    assert "security" not in operation
    assert "200" in operation["responses"]
