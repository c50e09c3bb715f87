"""Bodies that cost the server more than they could be worth are refused early."""
from __future__ import annotations

from io import BytesIO

from tests.fixtures import samples


def test_a_multipart_flood_of_fields_is_refused_before_it_is_parsed(client, applicant):
    fields = {f"field{n}": "x" for n in range(200)}
    response = client.post("/api/v1/files", headers=applicant, content_type="multipart/form-data",
                           data={"kind": "education_proof", "file": (BytesIO(samples.pdf()), "a.pdf"), **fields})
    assert response.status_code == 413 and response.json["code"] == "too_large"


def test_a_huge_form_field_is_refused(client, applicant):
    response = client.post("/api/v1/files", headers=applicant, content_type="multipart/form-data",
                           data={"kind": "education_proof", "name": "x" * 100_000,
                                 "file": (BytesIO(samples.pdf()), "a.pdf")})
    assert response.status_code == 413

