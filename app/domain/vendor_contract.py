"""Whether a vendor's Art. 28 contract is in order, as of a given day."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from app.i18n import N_

DUE_SOON = timedelta(days=60)


class ContractStatus(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_NEEDED = "not_needed"


CONTRACT_STATUS_LABELS = {
    ContractStatus.OK: N_("In place"),
    ContractStatus.DUE_SOON: N_("Review due soon"),
    ContractStatus.EXPIRED: N_("Expired or review overdue"),
    ContractStatus.MISSING: N_("Missing (Art. 28(3))"),
    ContractStatus.NOT_NEEDED: N_("Not needed (not a processor)"),
}


def contract_status(
    role: str, signed_on: date | None, review_on: date | None, today: date
) -> ContractStatus:
    """Processors and sub-processors need a signed Art. 28 contract; controllers do not."""
    if role not in ("processor", "sub_processor"):
        return ContractStatus.NOT_NEEDED
    if signed_on is None:
        return ContractStatus.MISSING
    if review_on is not None and review_on < today:
        return ContractStatus.EXPIRED
    if review_on is not None and review_on - today <= DUE_SOON:
        return ContractStatus.DUE_SOON
    return ContractStatus.OK
