"""What a collection plan tells the business: the Dos and Don'ts that apply to it (from
resources/knowledge/plan_guidance.json, each under one condition) and the open actions it
leaves (things to do before collection starts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.domain.collection_plan import CollectionChannel, Decision, PurposeType
from app.domain.legal_bases import Art9Condition, LegalBasis
from app.domain.plan_rules import field_catalogue
from app.domain.register_items import DataKind, RecipientType
from app.domain.screening import ScreeningOutcome, Wp248Criterion, screen
from app.i18n import _
from app.resources import load_json

_ONLINE = {
    CollectionChannel.WEB_FORM,
    CollectionChannel.CHECKOUT,
    CollectionChannel.NEWSLETTER,
    CollectionChannel.APP,
}
_MARKETING = {PurposeType.NEWSLETTER, PurposeType.PERSONALISED_MARKETING}
_PROFILING = {PurposeType.PERSONALISED_MARKETING, PurposeType.LOYALTY}
DATE_OF_BIRTH = "date_of_birth"  # the catalogue entry the "ask for an age check" advice is on


def plan_conditions(values: Mapping[str, Any]) -> set[str]:
    """The facts of the plan the guidance is keyed on."""
    purposes = list(values.get("purposes") or [])
    kept = [d for d in values.get("data") or [] if d.get("decision", "keep") == Decision.KEEP]
    bases = {p.get("basis") for p in purposes}
    types = {p.get("purpose_type") for p in purposes}
    kinds = {d.get("kind") for d in kept}
    catalogue = field_catalogue()
    entries = [catalogue[k] for k in (d.get("catalogue_key") for d in kept) if k in catalogue]
    categories = {entry.category for entry in entries}
    criteria = set(values.get("screening") or [])
    facts = {
        "always": True,
        "consent": LegalBasis.CONSENT in bases
        or any(p.get("art9_condition") == Art9Condition.EXPLICIT_CONSENT for p in purposes),
        "contract": LegalBasis.CONTRACT in bases,
        "legal_obligation": LegalBasis.LEGAL_OBLIGATION in bases,
        "legitimate_interests": LegalBasis.LEGITIMATE_INTERESTS in bases,
        "special_data": DataKind.SPECIAL in kinds,
        "criminal_data": DataKind.CRIMINAL in kinds,
        "children": Wp248Criterion.VULNERABLE in criteria,
        "vendors": any(
            r.get("type") in (RecipientType.PROCESSOR, RecipientType.THIRD_PARTY)
            for r in values.get("recipients") or []
        ),
        "transfers": bool(values.get("transfers")),
        "marketing": bool(types & _MARKETING),
        "profiling": bool(types & _PROFILING) or Wp248Criterion.EVALUATION in criteria,
        "location": "location_data" in categories,
        "date_of_birth": any(entry.key == DATE_OF_BIRTH for entry in entries),
        "payment": PurposeType.PAYMENT in types or "payment_data" in categories,
        "dpia": screen(criteria).outcome
        in (ScreeningOutcome.REQUIRED, ScreeningOutcome.LIKELY_REQUIRED),
        "partner_source": values.get("channel") == CollectionChannel.PARTNER,
        "online": values.get("channel") in _ONLINE,
        "mandatory_fields": any(d.get("mandatory") for d in kept),
    }
    return {name for name, applies in facts.items() if applies}


@dataclass(frozen=True)
class Guidance:
    key: str
    kind: str  # "do" or "dont"
    text: str
    reference: str


@cache
def _guidance() -> tuple[tuple[str, Guidance], ...]:
    entries = load_json("knowledge/plan_guidance.json")["entries"]
    return tuple(
        (e["when"], Guidance(e["key"], e["kind"], e["text"], e.get("reference", "")))
        for e in entries
    )


def applicable_guidance(values: Mapping[str, Any]) -> list[Guidance]:
    """The Dos then the Don'ts that apply to the plan, in the knowledge base's order."""
    conditions = plan_conditions(values)
    chosen = [g for when, g in _guidance() if when in conditions]
    return [g for g in chosen if g.kind == "do"] + [g for g in chosen if g.kind != "do"]


def open_actions(values: Mapping[str, Any]) -> list[str]:
    """What is left to do before collecting, each as a translated sentence."""
    actions = []
    for purpose in values.get("purposes") or []:
        name = purpose.get("purpose", "")
        if purpose.get("basis") == LegalBasis.LEGITIMATE_INTERESTS:
            actions.append(
                _("Write the legitimate-interests assessment for “{purpose}”.").format(purpose=name)
            )
        if purpose.get("basis") == LegalBasis.CONSENT:
            actions.append(
                _("Set up how consent to “{purpose}” is asked, recorded and withdrawn.").format(
                    purpose=name
                )
            )
    if "dpia" in plan_conditions(values):
        actions.append(_("Carry out a data protection impact assessment before collecting."))
    for recipient in values.get("recipients") or []:
        if recipient.get("type") == RecipientType.PROCESSOR:
            actions.append(
                _("Check that the Art. 28 contract with {name} is signed.").format(
                    name=recipient.get("name", "")
                )
            )
    for transfer in values.get("transfers") or []:
        if not transfer.get("safeguard_document"):
            actions.append(
                _("File the safeguard document for the transfer to {destination}.").format(
                    destination=transfer.get("destination", "")
                )
            )
    if not values.get("security_measures") and not values.get("security_notes"):
        actions.append(_("Choose the security measures that protect the data."))
    return actions
