"""The generated wording of the sections on where data goes and how long it stays: recipients,
transfers outside the EEA, retention. Same habits as policy_wording.py."""

from __future__ import annotations

from app.domain.legal_bases import DEROGATION_LABELS
from app.domain.policy_sections import Block, Bullets, Paragraph, Subheading
from app.domain.policy_wording import Facts, clause, gap, sentences
from app.domain.register_items import RecipientType
from app.domain.register_items import TransferMechanism as Mechanism
from app.i18n import N_, _

_END_ACTIONS = {
    "delete": N_("deleted"),
    "anonymise": N_("anonymised"),
    "archive": N_("archived"),
}

RECIPIENT_GROUPS = {
    RecipientType.INTERNAL: N_("Within our organisation"),
    RecipientType.PROCESSOR: N_("Service providers working on our behalf and on our instructions"),
    RecipientType.THIRD_PARTY: N_("Other organisations that use the data for their own purposes"),
    RecipientType.PUBLIC_AUTHORITY: N_("Public authorities, where the law requires it"),
    RecipientType.JOINT_CONTROLLER: N_("Organisations deciding together with us"),
}

_MECHANISMS = {
    Mechanism.SCC: N_("the standard contractual clauses adopted by the European Commission"),
    Mechanism.BCR: N_("binding corporate rules approved by a supervisory authority"),
    Mechanism.CODE_OR_CERTIFICATION: N_(
        "an approved code of conduct or certification, with binding commitments of the recipient"
    ),
    Mechanism.AD_HOC_CLAUSES: N_("contractual clauses authorised by a supervisory authority"),
}


def _recipient_item(recipient: Facts) -> Paragraph:
    activities = ", ".join(recipient["activities"])
    if recipient["service"]:
        return Paragraph(
            _("{service} (for {activities}).").format(
                service=clause(recipient["service"]), activities=activities
            ),
            lead=_("{name}:").format(name=recipient["name"]),
        )
    return Paragraph(_("(for {activities})").format(activities=activities), lead=recipient["name"])


def write_recipients(facts: Facts) -> list[Block]:
    blocks: list[Block] = []
    order = list(RecipientType)
    groups = sorted(
        facts["groups"],
        key=lambda g: order.index(g["type"]) if g["type"] in order else len(order),
    )
    for group in groups:
        blocks.append(Subheading(_(RECIPIENT_GROUPS.get(group["type"], group["type"]))))
        blocks.append(Bullets(tuple(_recipient_item(r) for r in group["recipients"])))
    return blocks


def _transfer_item(transfer: Facts, contact: str) -> Paragraph:
    mechanism = transfer["mechanism"]
    parts: list[str] = []
    missing = False
    if transfer["adequacy"]:
        parts.append(
            _(
                "The European Commission has decided that this destination protects personal "
                "data adequately, for the recipients its decision covers."
            )
            if transfer["adequacy_partial"]
            else _(
                "The European Commission has decided that this destination protects personal "
                "data adequately."
            )
        )
    else:
        parts.append(
            _(
                "There is no European Commission decision that this destination protects "
                "personal data adequately."
            )
        )
    if mechanism in _MECHANISMS:
        parts.append(
            _("We protect the transfer with {safeguard}.").format(
                safeguard=_(_MECHANISMS[mechanism])
            )
        )
        if contact:
            parts.append(
                _("You can ask us for a copy of these safeguards at {contact}.").format(
                    contact=contact
                )
            )
        else:
            parts.append(_("How to obtain a copy of these safeguards is not yet published."))
            missing = True
    elif mechanism == Mechanism.DEROGATION:
        label = DEROGATION_LABELS.get(transfer["derogation"])
        parts.append(
            _(
                "The transfer relies on an exception the law allows for specific situations: "
                "{derogation}."
            ).format(derogation=_(label) if label else "—")
        )
        missing = label is None
    elif not transfer["adequacy"]:
        parts.append(_("The safeguard for this transfer is not yet confirmed."))
        missing = True
    parts.append(_("Used for: {activities}.").format(activities=", ".join(transfer["activities"])))
    lead = transfer["destination"]
    if transfer["importer"]:
        lead = _("{destination}, to {importer}").format(**transfer)
    return Paragraph(
        sentences(*parts), lead=_("{destination}:").format(destination=lead), gap=missing
    )


def write_transfers(facts: Facts) -> list[Block]:
    return [
        Paragraph(
            _(
                "Some of your data goes to countries or organisations outside the European "
                "Economic Area (EEA), where European data protection law does not apply directly."
            )
        ),
        Bullets(tuple(_transfer_item(t, facts["contact"]) for t in facts["transfers"])),
    ]


def _retention_item(category: Facts) -> Paragraph:
    action = _(_END_ACTIONS.get(category["end_action"], _END_ACTIONS["delete"]))
    period, trigger = clause(category["period"]), clause(category["trigger"])
    if not period:
        text = _("How long it is kept is not yet set.")
    elif trigger:
        # The register's words are quoted as they are, never re-cased into our sentence.
        text = _("{period}, counted from: {trigger}. Then {action}.").format(
            period=period, trigger=trigger, action=action
        )
    else:
        text = _("{period}. Then {action}.").format(period=period, action=action)
    return Paragraph(
        text, lead=_("{category}:").format(category=category["category"]), gap=not period
    )


def write_retention(facts: Facts) -> list[Block]:
    if not facts["activities"]:
        return [gap(_("No retention period is recorded yet."))]
    blocks: list[Block] = [
        Paragraph(
            _("We keep your data only as long as we need it for the purpose we collected it for.")
        )
    ]
    for activity in facts["activities"]:
        blocks.append(Subheading(activity["name"]))
        blocks.append(Bullets(tuple(_retention_item(c) for c in activity["categories"])))
    return blocks
