"""The signed scan carries every page of the sheet: the sheet says so on each page, a scan with fewer
pages is refused, and a phone may photograph the pages one by one for the server to build the PDF."""
from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from tests.documents.pdf_inspection import image_xobjects, page_count, page_texts
from tests.fixtures import samples
from tests.fixtures.forms import CURRENT, SHEET, submit_complete, upload_file


def page_photo(shade: int) -> bytes:
    """A phone photo of one page (portrait, 1240×1754 ≈ A4 at 150 dpi)."""
    buffer = BytesIO()
    Image.new("RGB", (1240, 1754), (shade, shade, shade)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture
def two_page_sheet(client, applicant) -> dict[str, str]:
    """Submitted with enough certificates and avoidance units for a sheet of two pages."""
    submit_complete(client, applicant, certificates=6, avoidance_units=6)
    assert page_count(client.get(f"{SHEET}.pdf", headers=applicant).data) == 2
    return applicant


def _put_scan(client, headers, pages: int):
    scan = upload_file(client, headers, "signed_review_sheet", samples.pdf("signed", pages=pages), "审查表.pdf")
    return client.put(f"{CURRENT}/signed-sheet", headers=headers, json={"signed_sheet_file_id": scan})


def test_every_page_of_the_sheet_says_how_many_pages_are_to_be_signed_and_stamped(client, two_page_sheet):
    texts = ["".join(text.split()) for text in page_texts(client.get(f"{SHEET}.pdf", headers=two_page_sheet).data)]
    assert len(texts) == 2 and all("共2页，每页均须签字并加盖单位公章" in text for text in texts)


def test_a_scan_with_fewer_pages_than_the_sheet_is_refused_in_chinese(client, two_page_sheet):
    response = _put_scan(client, two_page_sheet, pages=1)
    assert response.status_code == 422
    assert response.json["fields"]["signed_sheet_file_id"] == (
        "本次申请和资格审查表共2页，上传的扫描件只有1页：请将每一页签字并加盖单位公章后全部扫描（或逐页拍照）上传")
    assert client.get(CURRENT, headers=two_page_sheet).json["signed_sheet_file_id"] is None


def test_a_scan_with_every_page_is_kept(client, two_page_sheet):
    response = _put_scan(client, two_page_sheet, pages=2)
    assert response.status_code == 200 and response.json["signed_sheet_file_id"] is not None


def test_the_pages_photographed_one_by_one_become_the_signed_scan_in_their_order(client, two_page_sheet):
    photos = [upload_file(client, two_page_sheet, "signed_sheet_page", page_photo(shade), f"第{n}页.jpg")
              for n, shade in enumerate((40, 200), start=1)]
    response = client.put(f"{CURRENT}/signed-sheet/photos", headers=two_page_sheet, json={"page_file_ids": photos})
    assert response.status_code == 200, response.json
    scan_id = response.json["signed_sheet_file_id"]
    pdf = client.get(f"/api/v1/files/{scan_id}", headers=two_page_sheet)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and page_count(pdf.data) == 2
    assert len(image_xobjects(pdf.data)) == 2
    submitted = client.post(f"{CURRENT}/submit-for-review", headers=two_page_sheet, json={})
    assert submitted.status_code == 200 and submitted.json["state"] == "pending_review"


def test_too_few_photos_are_refused_like_a_short_scan(client, two_page_sheet):
    photo = upload_file(client, two_page_sheet, "signed_sheet_page", page_photo(90), "第1页.jpg")
    response = client.put(f"{CURRENT}/signed-sheet/photos", headers=two_page_sheet, json={"page_file_ids": [photo]})
    assert response.status_code == 422 and "上传的扫描件只有1页" in response.json["message"]


def test_a_photo_used_twice_or_of_another_kind_is_refused(client, two_page_sheet):
    photo = upload_file(client, two_page_sheet, "signed_sheet_page", page_photo(90), "第1页.jpg")
    twice = client.put(f"{CURRENT}/signed-sheet/photos", headers=two_page_sheet, json={"page_file_ids": [photo, photo]})
    assert twice.status_code == 422 and twice.json["fields"]["page_file_ids"] == "同一张照片不能重复使用：请每页各拍一张"
    pdf = upload_file(client, two_page_sheet, "signed_review_sheet", samples.pdf("x"), "x.pdf")
    other = client.put(f"{CURRENT}/signed-sheet/photos", headers=two_page_sheet, json={"page_file_ids": [photo, pdf]})
    assert other.status_code == 422 and "审查表照片（每页一张）" in other.json["fields"]["page_file_ids[1]"]


def test_a_photo_too_small_to_read_is_refused_at_upload(client, two_page_sheet):
    response = client.post("/api/v1/files", headers=two_page_sheet, content_type="multipart/form-data",
                           data={"kind": "signed_sheet_page", "file": (BytesIO(samples.jpeg(300, 420)), "p.jpg")})
    assert response.status_code == 422 and "800" in response.json["message"]
