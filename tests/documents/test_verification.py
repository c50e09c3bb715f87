"""The token in a review sheet's QR code: signed with SECRET_KEY, naming one submission, unforgeable."""
from __future__ import annotations

import pytest
from itsdangerous import URLSafeSerializer

from server.documents.verification import mask_name, read_sheet_token, sheet_token, verify_url


def test_a_token_names_the_application_and_the_submission(app_context):
    token = sheet_token(42, 3)
    assert read_sheet_token(token) == (42, 3)
    assert sheet_token(42, 3) == token, "the same sheet prints the same code"
    assert len(token) < 60, "short enough for a small QR code"
    assert all(ch.isalnum() or ch in "-_." for ch in token), "safe in a URL path"


def test_the_url_is_under_the_public_address(app, app_context):
    assert verify_url(42, 3) == f"{app.config['PUBLIC_BASE_URL'].rstrip('/')}/verify/{sheet_token(42, 3)}"


@pytest.mark.parametrize("tamper", [
    # the signature's first character: its last one carries padding bits, so changing it may change nothing
    lambda t: t.split(".")[0] + "." + ("A" if t.split(".")[1][0] != "A" else "B") + t.split(".")[1][1:],
    lambda t: sheet_token(43, 3).split(".")[0] + "." + t.split(".")[1],  # another payload, old signature
    lambda t: t.split(".")[0],  # no signature
    lambda t: "",
    lambda t: "not-a-token",
    lambda t: t + "." + t,
])
def test_a_tampered_token_reads_as_none(app_context, tamper):
    assert read_sheet_token(tamper(sheet_token(42, 3))) is None


def test_a_token_signed_with_another_key_or_for_another_purpose_is_refused(app, app_context):
    assert read_sheet_token(URLSafeSerializer("another secret", salt="review-sheet").dumps([42, 3])) is None
    assert read_sheet_token(URLSafeSerializer(app.config["SECRET_KEY"], salt="other").dumps([42, 3])) is None


@pytest.mark.parametrize("payload", [[42], [42, 3, 1], ["42", 3], [True, 3], {"a": 1}, 42, None])
def test_a_well_signed_token_of_another_shape_is_refused(app, app_context, payload):
    token = URLSafeSerializer(app.config["SECRET_KEY"], salt="review-sheet").dumps(payload)
    assert read_sheet_token(token) is None


@pytest.mark.parametrize(("name", "masked"), [("张三", "张*"), ("买买提·艾力", "买*"), ("欧阳修", "欧*"),
                                              ("", ""), (None, "")])
def test_a_name_is_masked_to_its_first_character(name, masked):
    assert mask_name(name) == masked
