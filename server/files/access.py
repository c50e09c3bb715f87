"""Who may read a stored file. One function, so every reader (API, console, review sheet) asks
the same question."""
from __future__ import annotations

from typing import Union

from server.accounts.models import Account, StaffMember
from server.files.models import StoredFile

Viewer = Union[Account, StaffMember, None]


def can_read(file: StoredFile, viewer: Viewer) -> bool:
    """The applicant who uploaded it; a reviewer of the prefecture of an application that refers
    to it (any slot, a certificate, the signed sheet, now or in a submission); association and
    admin staff. Inactive staff read nothing."""
    if isinstance(viewer, Account):
        return viewer.id == file.owner_account_id
    if isinstance(viewer, StaffMember):
        from server.review.access import staff_may_read  # the review domain knows who reviews what

        return staff_may_read(file, viewer)
    return False
