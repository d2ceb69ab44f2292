"""A collection plan as a readable page (HTML for a QTextBrowser): the goal, the data table
(data, purposes, basis, retention, access), the minimisation decisions, sharing, security,
the screening, the Dos and Don'ts that apply and the open actions. Every text the user typed
is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from app.domain.collection_plan import CHANNEL_LABELS, CollectionChannel, Decision
from app.domain.countries import country_name
from app.domain.legal_bases import ART9_LABELS, LEGAL_BASIS_LABELS, Art9Condition, LegalBasis
from app.domain.plan_advice import applicable_guidance, open_actions
from app.domain.plan_rules import minimisation_flags
from app.domain.register_items import (
    DATA_KIND_LABELS,
    END_ACTION_LABELS,
    RECIPIENT_TYPE_LABELS,
    TRANSFER_MECHANISM_LABELS,
    DataKind,
    EndAction,
    RecipientType,
    TransferMechanism,
)
from app.domain.screening import SCREENING_OUTCOME_LABELS, screen
from app.i18n import _

STYLE = """
table.data { border-collapse: collapse; }
table.data th { background: #eef1f5; text-align: left; padding: 4px 8px; }
table.data td { border-top: 1px solid #d5d9e0; padding: 4px 8px; vertical-align: top; }
.muted { color: #555; }
.do { color: #2e7d32; font-weight: 600; }
.dont { color: #c62828; font-weight: 600; }
"""


def _heading(text: str) -> str:
    return f"<p style='font-size: 12pt; font-weight: 600; margin-top: 12px;'>{escape(text)}</p>"


def _text(value: Any) -> str:
    return escape(str(value or "")).replace("\n", "<br>")


def _label(labels: Mapping[Any, str], enum: Any, value: Any) -> str:
    try:
        return _(labels[enum(value)])
    except (KeyError, ValueError):
        return str(value or "")


def _items(entries: Iterable[str]) -> str:
    rows = "".join(f"<li>{entry}</li>" for entry in entries)
    return f"<ul>{rows}</ul>" if rows else f"<p class='muted'>{escape(_('None.'))}</p>"


def _paragraph(title: str, text: Any) -> str:
    shown = _text(text) or f"<span class='muted'>{escape(_('Not answered yet.'))}</span>"
    return f"<p><b>{escape(title)}</b><br>{shown}</p>"


def _retention(item: Mapping[str, Any]) -> str:
    period = str(item.get("retention_period") or "").strip()
    if not period:
        return f"<span class='muted'>{escape(_('not said yet'))}</span>"
    trigger = str(item.get("retention_trigger") or "").strip()
    then = _label(END_ACTION_LABELS, EndAction, item.get("end_action") or "delete").lower()
    text = (
        _("{period}; counted from: {trigger}; then: {then}")
        if trigger
        else _("{period}; then: {then}")
    ).format(period=period, trigger=trigger, then=then)
    return escape(text)


def _basis(purpose: Mapping[str, Any]) -> str:
    basis = purpose.get("basis")
    text = _label(LEGAL_BASIS_LABELS, LegalBasis, basis) if basis else _("no legal basis yet")
    if purpose.get("art9_condition"):
        text += " + " + _label(ART9_LABELS, Art9Condition, purpose["art9_condition"])
    return escape(text)


def _data_table(values: Mapping[str, Any]) -> str:
    purposes = {p.get("key"): p for p in values.get("purposes") or []}
    kept = [d for d in values.get("data") or [] if d.get("decision", "keep") == Decision.KEEP]
    if not kept:
        return f"<p class='muted'>{escape(_('No data chosen yet.'))}</p>"
    titles = (_("Data"), _("Purposes"), _("Legal basis"), _("Kept for"), _("Who can see it"))
    head = "".join(f"<th>{escape(title)}</th>" for title in titles)
    rows = []
    for item in kept:
        served = [purposes[k] for k in item.get("purpose_keys") or [] if k in purposes]
        label = _text(item.get("label"))
        if item.get("kind", "regular") != DataKind.REGULAR:
            kind = _label(DATA_KIND_LABELS, DataKind, item["kind"])
            label += f"<br><span class='muted'>{escape(kind)}</span>"
        if item.get("mandatory"):
            label += f"<br><span class='muted'>{escape(_('required on the form'))}</span>"
        rows.append(
            "<tr>"
            f"<td>{label}</td>"
            f"<td>{'<br>'.join(_text(p.get('purpose')) for p in served) or '—'}</td>"
            f"<td>{'<br>'.join(_basis(p) for p in served) or '—'}</td>"
            f"<td>{_retention(item)}</td>"
            f"<td>{_text(item.get('access')) or '—'}</td>"
            "</tr>"
        )
    return f"<table class='data' width='100%'><tr>{head}</tr>{''.join(rows)}</table>"


def _decisions(values: Mapping[str, Any]) -> str:
    data = values.get("data") or []
    flagged = {flag.data_key for flag in minimisation_flags(values)}
    removed = [
        f"<b>{_text(d.get('label'))}</b>: {escape(_('not collected'))}"
        + (f" — {_text(d.get('justification'))}" if d.get("justification") else "")
        for d in data
        if d.get("decision") == Decision.REMOVE
    ]
    kept = [
        f"<b>{_text(d.get('label'))}</b>: {escape(_('kept'))} — {_text(d.get('justification'))}"
        for d in data
        if d.get("decision", "keep") == Decision.KEEP
        and d.get("key") in flagged
        and d.get("justification")
    ]
    return _items(removed + kept)


def _recipient_type(recipient: Mapping[str, Any]) -> str:
    return _label(RECIPIENT_TYPE_LABELS, RecipientType, recipient.get("type"))


def _sharing(values: Mapping[str, Any]) -> str:
    inside = ", ".join(escape(str(name)) for name in values.get("internal_access") or [])
    recipients = [
        f"{_text(r.get('name'))} <span class='muted'>({escape(_recipient_type(r))})</span>"
        for r in values.get("recipients") or []
    ]
    transfers = []
    for transfer in values.get("transfers") or []:
        destination = str(transfer.get("destination") or "")
        if len(destination) == 2:
            destination = country_name(destination)
        mechanism = _label(TRANSFER_MECHANISM_LABELS, TransferMechanism, transfer.get("mechanism"))
        importer = f" ({_text(transfer.get('importer'))})" if transfer.get("importer") else ""
        transfers.append(f"{escape(destination)}{importer}: {escape(mechanism)}")
    return (
        _paragraph(_("Who inside can see the data"), inside)
        + f"<p><b>{escape(_('Vendors and other recipients'))}</b></p>"
        + _items(recipients)
        + f"<p><b>{escape(_('Transfers outside the EEA'))}</b></p>"
        + _items(transfers)
    )


def _screening(values: Mapping[str, Any]) -> str:
    result = screen(values.get("screening") or [])
    outcome = escape(_(SCREENING_OUTCOME_LABELS[result.outcome]))
    reasons = "".join(f"<br>{escape(reason)}" for reason in result.reasons)
    notes = _paragraph(_("Decision about a DPIA"), values.get("screening_notes"))
    return f"<p><b>{outcome}</b>{reasons}</p>" + (notes if values.get("screening_notes") else "")


def _guidance(values: Mapping[str, Any]) -> str:
    entries = []
    for guidance in applicable_guidance(values):
        css, word = ("do", _("Do")) if guidance.kind == "do" else ("dont", _("Don't"))
        reference = (
            f" <span class='muted'>({escape(guidance.reference)})</span>"
            if guidance.reference
            else ""
        )
        entries.append(
            f"<span class='{css}'>{escape(word)}:</span> {escape(guidance.text)}{reference}"
        )
    return _items(entries)


def plan_summary_html(values: Mapping[str, Any]) -> str:
    """The whole plan as HTML, in the order of the wizard's pages."""
    channel = values.get("channel")
    where = _label(CHANNEL_LABELS, CollectionChannel, channel) if channel else ""
    if values.get("channel_detail"):
        where = f"{where}: {values['channel_detail']}" if where else values["channel_detail"]
    subjects = ", ".join(str(s) for s in values.get("data_subjects") or [])
    measures = [escape(str(m)) for m in values.get("security_measures") or []]
    sections = [
        _heading(_("Goal")),
        _paragraph(_("Business objective"), values.get("objective")),
        _paragraph(_("Where the data is collected"), where),
        _paragraph(_("Whose data"), subjects),
        _heading(_("Data, purposes and retention")),
        _data_table(values),
        _heading(_("Minimisation decisions")),
        _decisions(values),
        _heading(_("Access and sharing")),
        _sharing(values),
        _heading(_("Security and rights")),
        f"<p><b>{escape(_('Security measures'))}</b></p>",
        _items(measures),
        _paragraph(_("Other security notes"), values.get("security_notes"))
        if values.get("security_notes")
        else "",
        _paragraph(_("How people are told"), values.get("information_method")),
        _paragraph(_("How people can use their rights"), values.get("rights_channel")),
        _heading(_("Risks")),
        _screening(values),
        _heading(_("Dos and Don’ts for this plan")),
        _guidance(values),
        _heading(_("Open actions before you collect")),
        _items(escape(action) for action in open_actions(values)),
    ]
    title = escape(str(values.get("name") or _("Collection plan")))
    body = f"<p style='font-size: 15pt; font-weight: 600;'>{title}</p>{''.join(sections)}"
    return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"
