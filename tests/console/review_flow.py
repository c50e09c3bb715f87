"""Applications built through the API as the mini-program builds them, up to pending review."""
from __future__ import annotations

from tests import samples
from tests.applications.test_submit import CURRENT, fill_complete, upload


def submit_info(client, headers, id_number: str) -> int:
    """Fill and submit (资料提交): info_submitted, with its snapshot. Returns the application id."""
    fill_complete(client, headers, id_number=id_number)
    response = client.post(f"{CURRENT}/submit", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["id"]


def submit_for_review(client, headers) -> int:
    """Upload a signed sheet (kind signed_review_sheet) and submit for review (提交审核)."""
    sheet = upload(client, headers, "signed_review_sheet", samples.pdf("signed sheet"), "审查表.pdf")
    response = client.post(f"{CURRENT}/submit-for-review", headers=headers, json={"signed_sheet_file_id": sheet})
    assert response.status_code == 200, response.json
    assert response.json["state"] == "pending_review"
    return response.json["id"]


def pending(client, headers, id_number: str) -> int:
    submit_info(client, headers, id_number)
    return submit_for_review(client, headers)


def withdraw_edit_resubmit(client, headers, changes: dict[str, dict]) -> None:
    """The applicant after a rejection: withdraw (撤回), edit sections, submit again, new sheet."""
    response = client.post(f"{CURRENT}/withdraw", headers=headers)
    assert response.status_code == 200, response.json
    for section, values in changes.items():
        response = client.patch(f"{CURRENT}/{section}", headers=headers, json=values)
        assert response.status_code == 200, response.json
    response = client.post(f"{CURRENT}/submit", headers=headers)
    assert response.status_code == 200, response.json
    submit_for_review(client, headers)
