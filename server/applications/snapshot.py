"""The application as one plain dict, in sections: what the API returns, what a submission
freezes, and what the completeness check and (later) the review sheet read."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.applications.form import SECTION_FIELDS
from server.applications.models import Application, ApplicationSnapshot
from server.applications.personal_data import decrypt_id_number, mask_id_number


def latest_snapshot(application_id: int) -> ApplicationSnapshot | None:
    """The application's last submission, frozen."""
    from server.extensions import db

    return db.session.execute(
        select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == application_id)
        .order_by(ApplicationSnapshot.sequence.desc()).limit(1)).scalar_one_or_none()


# The id of each application's last submission, for statements that join it to its application
# (`ApplicationSnapshot.id == LATEST_SNAPSHOT_ID`).
LATEST_SNAPSHOT_ID = (select(func.max(ApplicationSnapshot.id)).where(ApplicationSnapshot.application_id == Application.id)
                      .correlate(Application).scalar_subquery())

SCALAR_SECTIONS = ("basic", "qualification", "evaluation", "experience", "commitment")


def _id_number(application: Application) -> str | None:
    token = application.id_number_encrypted
    return decrypt_id_number(token) if token else None


def form_data(application: Application, mobile: str) -> dict[str, Any]:
    """Every field, by section, with the ID number in clear (for its owner only)."""
    data: dict[str, Any] = {}
    for section in SCALAR_SECTIONS:
        data[section] = {field: getattr(application, field) for field in SECTION_FIELDS[section]
                         if field != "id_number"}
    data["basic"]["id_number"] = _id_number(application)
    data["evaluation"]["mobile"] = mobile
    data["specialties"] = {"primary": list(application.primary_specialties or []),
                           "alternate": list(application.alternate_specialties or [])}
    data["renewal"] = {"kind": application.kind}
    data["certificates"] = [
        {"id": c.id, "name": c.name, "registration_number": c.registration_number,
         "proof_file_id": c.proof_file_id} for c in application.certificates]
    data["avoidance_units"] = [
        {"id": u.id, "name": u.name, "credit_code": u.credit_code,
         "credit_code_confirmed": u.credit_code_confirmed, "description": u.description}
        for u in application.avoidance_units]
    return data


def frozen_copy(application: Application, mobile: str) -> dict[str, Any]:
    """What a submission stores: the form with the ID number still encrypted (and masked beside)."""
    data = form_data(application, mobile)
    number = data["basic"].pop("id_number")
    data["basic"]["id_number_encrypted"] = application.id_number_encrypted
    data["basic"]["id_number_masked"] = mask_id_number(number)
    data["basic"]["id_number_hash"] = application.id_number_hash
    data["batch_id"] = application.batch_id
    data["account_id"] = application.account_id
    return data
