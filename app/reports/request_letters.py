"""Letters to a person about their request (Art. 12): the answer to an access request
(Art. 15), the notice that the time to reply is extended (Art. 12(3)) and a refusal (Art. 12(4)).

Each letter is in plain language, from the organisation the request was made to, dated, with
the request's reference and the day it was received. The access letter takes the Art. 15(1)-(2)
information from the register: the activities the request is linked to or, when none is
linked, every active activity of the organisation. An item the register lacks is printed as a
highlighted "[To complete: ...]" so that nobody sends the letter with a hole in it unnoticed
(the DOCX version can be edited before it is sent).

The wording lives in the templates, including our plain words for the register's codes (legal
bases, sources, recipients, safeguards); the PDF and the DOCX are made from the same HTML.
The letterhead and the writing of either format are shared with the breach documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.activity import ActivityStatus
from app.domain.adequacy import needs_chapter_v
from app.domain.countries import country_name, is_country_code
from app.domain.fields import image_mime
from app.domain.legal_bases import ART9_LABELS, BASES_NEEDING_LAW, LEGAL_BASIS_LABELS, LegalBasis
from app.domain.organisation import DpoKind
from app.domain.register_items import (
    SCC_MODULE_LABELS,
    TRANSFER_MECHANISM_LABELS,
    DataSource,
    RecipientType,
    TransferMechanism,
)
from app.domain.rights_request import REQUEST_TYPE_LABELS
from app.errors import UserError
from app.i18n import _
from app.reports.docx_writer import DocxDocument, write_html
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_html, render_pdf
from app.services.catalogues import catalogue_items
from app.services.changes import RecordData
from app.services.organisations import get_organisation
from app.services.register import get_activity, list_activity_rows
from app.services.requests import deadline_of, get_request, request_deadline_for
from app.storage.workspace import Workspace

LETTER_KINDS: tuple[str, ...] = ("access", "extension", "refusal")
TEMPLATES = {
    "access": "request_access.html.j2",
    "extension": "request_extension.html.j2",
    "refusal": "request_refusal.html.j2",
}
LANGUAGE = "en"
LOGO_ASSET = "logo"
DOCUMENT_VERSION = "1"

_OBJECTABLE = (LegalBasis.PUBLIC_TASK.value, LegalBasis.LEGITIMATE_INTERESTS.value)


# --- the public API ---------------------------------------------------------------------------


def build_request_letter_context(
    workspace: Workspace, request_id: int, kind: str, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the letter shows, as plain values (also usable for an HTML export)."""
    context, _assets = _letter(workspace, request_id, _checked_kind(kind), generated_at)
    return context


def export_request_letter(
    workspace: Workspace,
    request_id: int,
    kind: str,
    output: Path,
    *,
    progress: Progress | None = None,
) -> Path:
    """Write the `kind` letter ("access", "extension" or "refusal") for a request to `output`,
    a PDF or a DOCX by its suffix, and return its path."""
    output = Path(output)
    check_suffix(output, (".pdf", ".docx"))
    kind = _checked_kind(kind)
    if progress:
        progress(0, _("Reading the request…"))
    context, assets = _letter(workspace, request_id, kind, None)
    return write_letter(TEMPLATES[kind], context, assets, output, progress=progress)


# --- shared with the breach documents ---------------------------------------------------------


def check_suffix(output: Path, allowed: tuple[str, ...]) -> None:
    if output.suffix.lower() not in allowed:
        raise UserError(
            _("Cannot write “{name}”: choose a file name ending in {suffixes}.").format(
                name=output.name, suffixes=_(" or ").join(allowed)
            )
        )


def letterhead(
    organisation: RecordData, generated_at: datetime
) -> tuple[dict[str, Any], dict[str, Asset]]:
    """The base layout's values and the sender of a letter: the organisation, its branding,
    and the contact point for data protection (the DPO where one is designated)."""
    assets: dict[str, Asset] = {}
    logo = organisation["brand_logo"]
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)
    address = [line.strip() for line in (organisation["address"] or "").splitlines()]
    country = country_name(organisation["country"]) if organisation["country"] else ""
    sender_lines = [line for line in [*address, country] if line]
    sender_lines += [v for v in (organisation["email"], organisation["phone"]) if v]
    context: dict[str, Any] = {
        "organisation_name": organisation["legal_name"],
        "accent_colour": organisation["brand_colour"],
        "logo_url": f"{ASSET_SCHEME}{LOGO_ASSET}" if assets else None,
        "document_version": DOCUMENT_VERSION,
        "generated_at": generated_at,
        "toc": [],
        "sender": {"name": organisation["legal_name"], "lines": sender_lines},
        "contact": contact_point(organisation),
        "authority": organisation["lead_authority"] or None,
    }
    return context, assets


def contact_point(organisation: RecordData) -> dict[str, Any]:
    """Who people write to about their data: the DPO (Art. 38(4)), else the organisation."""
    values = organisation.values
    kind = values.get("dpo_kind")
    has_dpo_contact = any(values.get(name) for name in ("dpo_name", "dpo_email", "dpo_phone"))
    if kind in (DpoKind.INTERNAL.value, DpoKind.EXTERNAL.value) or (
        kind is None and has_dpo_contact
    ):
        email, phone = values.get("dpo_email"), values.get("dpo_phone")
        if not email and not phone:  # written to the organisation, for the DPO's attention
            email, phone = values.get("email"), values.get("phone")
        return {"dpo": True, "name": values.get("dpo_name"), "email": email, "phone": phone}
    return {"dpo": False, "name": None, "email": values.get("email"), "phone": values.get("phone")}


def write_letter(
    template: str,
    context: Mapping[str, Any],
    assets: Mapping[str, Asset],
    output: Path,
    *,
    progress: Progress | None = None,
) -> Path:
    """Render `template` to a PDF, or to a DOCX through the same HTML, by `output`'s suffix."""
    title, author = context["document_title"], context["organisation_name"]
    if output.suffix.lower() == ".pdf":
        return render_pdf(
            template,
            context,
            output,
            title=title,
            author=author,
            language=LANGUAGE,
            assets=assets,
            progress=progress,
        )
    report = progress or (lambda _percent, _message: None)
    report(10, _("Preparing the document…"))
    html = render_html(template, context, title=title, author=author, language=LANGUAGE)
    generated_at: datetime = context["generated_at"]
    footer = " · ".join(
        [
            author,
            context["reference"],
            _("Generated on %(date)s") % {"date": long_date(generated_at)},
        ]
    )
    document = DocxDocument(
        title=title,
        author=author,
        language=LANGUAGE,
        accent_colour=context["accent_colour"],
        generated_at=generated_at,
        footer=footer,
    )
    report(50, _("Writing the document…"))
    write_html(document, html, assets)
    document.save(output)
    report(100, _("Document saved."))
    return output


def long_date(value: date) -> str:
    """A date as the templates' `long_date` filter writes it in English ("3 March 2025")."""
    from babel.dates import format_date

    return format_date(value, format="long", locale="en_GB")


def catalogue_labels(workspace: Workspace, catalogue: str) -> dict[str, str]:
    """Catalogue key -> label: entries picked from a catalogue are stored by their key."""
    items = catalogue_items(workspace, catalogue, include_hidden=True)
    return {item.key: item.label for item in items}


def plain(labels: Mapping[Any, str], value: Any) -> str | None:
    """A code in the reader's words, translated; None for no value."""
    if value in (None, ""):
        return None
    return _(labels[value]) if value in labels else str(value)


# --- the letters ------------------------------------------------------------------------------


def _checked_kind(kind: str) -> str:
    if kind not in LETTER_KINDS:
        raise UserError(
            _("Unknown letter “{kind}”: choose one of {kinds}.").format(
                kind=kind, kinds=", ".join(LETTER_KINDS)
            )
        )
    return kind


def _letter(
    workspace: Workspace, request_id: int, kind: str, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    generated_at = generated_at or datetime.now().astimezone()
    request = get_request(workspace, request_id)  # RecordNotFound names the request
    organisation = get_organisation(workspace, request["organisation_id"])
    context, assets = letterhead(organisation, generated_at)
    recipient = [request["requester"]]
    if request["agent"]:
        recipient.append(_("c/o {agent}").format(agent=request["agent"]))
    if request["requester_contact"]:
        recipient.append(request["requester_contact"])
    context.update(
        {
            "recipient": recipient,
            "requester": request["requester"],
            "reference": request["reference"],
            "received_on": request["received_on"],
            "request_types": [plain(REQUEST_TYPE_LABELS, t) for t in request["types"] or []],
            "letter_date": generated_at.date(),
        }
    )
    if kind == "access":
        context["document_title"] = _("Your request for access to your personal data")
        context.update(_access(workspace, request, organisation))
    elif kind == "extension":
        context["document_title"] = _("Your request: we need more time to reply")
        context.update(_extension(workspace, request, organisation, generated_at.date()))
    else:
        context["document_title"] = _("Your request: our decision")
        if not request["refusal_ground"]:
            raise UserError(
                _(
                    "Request {reference} has no ground for refusal: record why it is refused "
                    "before writing the letter (Art. 12(4))."
                ).format(reference=request["reference"])
            )
        context["refusal_ground"] = request["refusal_ground"]
    return context, assets


def _extension(
    workspace: Workspace, request: RecordData, organisation: RecordData, today: date
) -> dict[str, Any]:
    reference = request["reference"]
    if not request["extended"] or not request["extension_reason"]:
        raise UserError(
            _(
                "Request {reference} is not extended with a reason: mark it “Extended by two "
                "months” and say why before writing the letter (Art. 12(3))."
            ).format(reference=reference)
        )
    first_month = deadline_of(
        {**request.values, "extended": False}, organisation["country"], today
    ).due
    # A letter already sent is dated the day it was sent; a new one today.
    letter_date = request["extension_notified_on"] or today
    if letter_date > first_month:
        raise UserError(
            _(
                "The first month for request {reference} ended on {date}: an extension must be "
                "announced within it (Art. 12(3)). Reply to the request instead."
            ).format(reference=reference, date=long_date(first_month))
        )
    return {
        "letter_date": letter_date,
        "first_month_due": first_month,
        "new_due": request_deadline_for(workspace, request.id, today).due,
        "extension_reason": request["extension_reason"],
    }


def _access(workspace: Workspace, request: RecordData, organisation: RecordData) -> dict[str, Any]:
    rows = list_activity_rows(workspace)
    linked = list(request["activities"] or [])
    if linked:
        by_reference = {row.reference: row for row in rows}
        chosen = [by_reference[ref] for ref in linked if ref in by_reference]
        unknown = [ref for ref in linked if ref not in by_reference]
    else:
        chosen = [
            row
            for row in rows
            if row.controller_id == organisation.id and row.status == ActivityStatus.ACTIVE.value
        ]
        unknown = []
    categories = catalogue_labels(workspace, "data_categories")
    activities = [_activity(get_activity(workspace, row.id), categories) for row in chosen]
    bases = {purpose["basis"] for activity in activities for purpose in activity["purposes"]}
    return {
        "activities": activities,
        "unknown_activities": unknown,
        "uses_consent": LegalBasis.CONSENT.value in bases,
        "may_object": bool(bases & set(_OBJECTABLE)),
        "automated": any(activity["automated"] for activity in activities),
    }


def _activity(record: RecordData, categories: Mapping[str, str]) -> dict[str, Any]:
    purposes = record["purposes"] or []
    transfers = [_transfer(entry) for entry in record["transfers"] or []]
    return {
        "reference": record["reference"],
        "name": record["name"],
        "purposes": [_purpose(entry) for entry in purposes],
        "categories": [_category(entry, categories) for entry in record["data_categories"] or []],
        "recipients": _recipients(record["recipients"] or []),
        "transfers": [entry for entry in transfers if entry],
        "automated": bool(record["automated_decisions"]),
        "automated_logic": record["automated_logic"],
        "automated_significance": record["automated_significance"],
    }


def _purpose(entry: Mapping[str, Any]) -> dict[str, Any]:
    basis = entry.get("basis")
    return {
        "purpose": entry.get("purpose") or None,
        "basis": basis,
        "basis_label": plain(LEGAL_BASIS_LABELS, basis),
        "legitimate": basis == LegalBasis.LEGITIMATE_INTERESTS.value,
        "interest": entry.get("legitimate_interest") or None,
        "law": entry.get("basis_reference") if basis in BASES_NEEDING_LAW else None,
        "condition": plain(ART9_LABELS, entry.get("art9_condition")),
    }


def _category(entry: Mapping[str, Any], categories: Mapping[str, str]) -> dict[str, Any]:
    name = str(entry.get("category") or "")
    source = entry.get("source") or DataSource.DATA_SUBJECT.value
    return {
        "name": categories.get(name, name) or None,
        "source": source,
        "source_detail": entry.get("source_detail") or None,
        "retention": entry.get("retention_period") or None,
        "retention_trigger": entry.get("retention_trigger") or None,
        "end_action": entry.get("end_action") or None,
    }


def _recipients(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(str(entry.get("type")), []).append(str(entry.get("name")))
    order = [member.value for member in RecipientType]
    ranked = sorted(groups, key=lambda kind: order.index(kind) if kind in order else len(order))
    return [{"type": kind, "names": groups[kind]} for kind in ranked]


def _transfer(entry: Mapping[str, Any]) -> dict[str, Any] | None:
    destination = str(entry.get("destination") or "")
    if destination and not needs_chapter_v(destination):
        return None  # within the EEA: not a transfer the person must be told about
    mechanism = entry.get("mechanism")
    is_country = len(destination) == 2 and is_country_code(destination)
    return {
        "destination": country_name(destination) if is_country else destination or None,
        "mechanism": mechanism,
        "safeguard": plain(TRANSFER_MECHANISM_LABELS, mechanism),
        "detail": plain(SCC_MODULE_LABELS, entry.get("scc_module")),
        # Art. 13(1)(f): where the safeguard is a document, the person may get a copy of it.
        "has_document": mechanism
        not in (TransferMechanism.ADEQUACY.value, TransferMechanism.DEROGATION.value),
    }
