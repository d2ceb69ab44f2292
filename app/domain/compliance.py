"""The compliance rules: one entry per check, with its id, severity, area, the article or
guidance it rests on and a fix hint. The checks themselves run in
app/services/compliance_rules.py; a user may mute one finding with a recorded justification
(FindingMute, audited like every record).

The score is the weighted share of checks passed: every rule is applied to every record it
concerns (an activity, a vendor, a request, ...); an error rule weighs 3, a warning 1, and an
information 0, so information never lowers the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Field

from app.domain.activity_checks import Severity
from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class Area(StrEnum):
    REGISTER = "register"
    ASSESSMENTS = "assessments"
    VENDORS = "vendors"
    POLICY = "policy"
    REQUESTS = "requests"
    BREACHES = "breaches"
    ORGANISATION = "organisation"


AREA_LABELS = {
    Area.REGISTER: N_("Processing register"),
    Area.ASSESSMENTS: N_("Risk assessments"),
    Area.VENDORS: N_("Vendors and contracts"),
    Area.POLICY: N_("Privacy policy"),
    Area.REQUESTS: N_("Rights requests"),
    Area.BREACHES: N_("Breaches"),
    Area.ORGANISATION: N_("Organisation"),
}

WEIGHTS = {Severity.ERROR: 3, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True)
class Rule:
    id: str
    area: Area
    severity: Severity
    title: str  # marked with N_: what the rule checks
    basis: str  # the article or guidance
    fix: str  # marked with N_: how to put it right


def _rule(
    id: str, area: Area, severity: Severity, title: str, basis: str, fix: str
) -> tuple[str, Rule]:
    return id, Rule(id, area, severity, title, basis, fix)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_R, _A, _V = Area.REGISTER, Area.ASSESSMENTS, Area.VENDORS

RULES: dict[str, Rule] = dict(
    [
        # The activity editor's own checks (app/domain/activity_checks.py), by their code.
        _rule("no_purpose", _R, _E, N_("Activity without a purpose"), "Art. 5(1)(b), 30(1)(b)",
              N_("Add the purposes and the legal basis of each.")),
        _rule("basis_law_missing", _R, _W, N_("Legal obligation or public task without its law"),
              "Art. 6(3)", N_("Name the law on the purpose.")),
        _rule("interest_missing", _R, _W, N_("Legitimate interest not stated"),
              "Art. 6(1)(f), 13(1)(d)", N_("Describe the interest pursued on the purpose.")),
        _rule("no_data_subjects", _R, _W, N_("Categories of people missing"), "Art. 30(1)(c)",
              N_("Say whose data the activity processes.")),
        _rule("no_data_categories", _R, _W, N_("Categories of data missing"), "Art. 30(1)(c)",
              N_("List the categories of data.")),
        _rule("art9_condition", _R, _E, N_("Special-category data without an Art. 9 condition"),
              "Art. 9(2)", N_("Choose the Art. 9(2) condition on each purpose the data serves.")),
        _rule("art10_basis", _R, _E, N_("Criminal-offence data without an Art. 10 basis"),
              "Art. 10", N_("Name the authority or the law that allows it.")),
        _rule("data_without_purpose", _R, _W, N_("Data category with no purpose"),
              "Art. 5(1)(c)", N_("Link it to the purposes it serves, or stop collecting it.")),
        _rule("purpose_without_data", _R, _I, N_("Purpose that uses no data"), "Art. 5(1)(c)",
              N_("Link the data it uses, or remove the purpose.")),
        _rule("retention_missing", _R, _W, N_("Retention period missing"),
              "Art. 5(1)(e), 30(1)(f)", N_("Give a period, or the criteria that end it.")),
        _rule("retention_open_ended", _R, _W, N_("Open-ended retention"), "Art. 5(1)(e)",
              N_("Replace “as long as necessary” with a period or an end event.")),
        _rule("eea_transfer", _R, _I, N_("Transfer listed inside the EEA"), "Art. 44",
              N_("Remove it from the transfers: it is not a transfer.")),
        _rule("no_adequacy", _R, _E, N_("Transfer to a country without adequacy or safeguard"),
              "Art. 44-46", N_("Put standard clauses or another Art. 46 tool in place.")),
        _rule("scc_module", _R, _W, N_("SCC module not named"), "Decision (EU) 2021/914",
              N_("Say which module of the clauses applies.")),
        _rule("derogation_missing", _R, _W, N_("Art. 49 derogation not named"), "Art. 49(1)",
              N_("Say which derogation applies.")),
        _rule("safeguard_document", _R, _W, N_("Safeguard document not filed"), "Art. 30(1)(e)",
              N_("Record where the signed safeguard is kept.")),
        _rule("joint_arrangement", _R, _W, N_("Joint controllers without their arrangement"),
              "Art. 26(2)", N_("Describe the essence of the arrangement.")),
        _rule("automated_logic", _R, _W, N_("Automated decision not explained"),
              "Art. 13(2)(f), 22", N_("Explain the logic and its consequences.")),
        _rule("review_dates", _R, _E, N_("Review dates out of order"), "Art. 24(1)",
              N_("Correct the last and next review dates.")),
        _rule("review_overdue", _R, _W, N_("Activity not reviewed for over a year"), "Art. 24(1)",
              N_("Review the activity and record the date.")),
        _rule("security_missing", _R, _W, N_("Security measures not described"),
              "Art. 30(1)(g), 32", N_("Pick the measures that protect the data.")),
        # Workspace-wide rules.
        _rule("lia_missing", _A, _E, N_("Legitimate interests without an LIA"),
              "Art. 6(1)(f); EDPB Guidelines 1/2024",
              N_("Carry out the legitimate-interests assessment for the purpose.")),
        _rule("tia_missing", _A, _W, N_("Transfer on SCCs or BCRs without a TIA"),
              "Art. 46; EDPB Recommendations 01/2020",
              N_("Carry out the transfer impact assessment.")),
        _rule("dpia_screening", _A, _E, N_("Two or more risk criteria without a DPIA or reason"),
              "Art. 35(1); WP248 rev.01",
              N_("Start the DPIA, or record why it is not needed.")),
        _rule("dpia_prior_consultation", _A, _E,
              N_("High residual risk without prior consultation"), "Art. 36(1)",
              N_("Reduce the risk, or consult the supervisory authority before processing.")),
        _rule("contract_missing", _V, _E, N_("Processor without a signed Art. 28 contract"),
              "Art. 28(3)", N_("Sign the data processing agreement and record its date.")),
        _rule("contract_expired", _V, _W, N_("Processor contract expired or review overdue"),
              "Art. 28(3)", N_("Renew or review the contract and record the new date.")),
        _rule("policy_missing_item", Area.POLICY, _E, N_("Privacy policy missing a mandatory item"),
              "Art. 13, 14", N_("Complete the register so the policy can say it, then publish.")),
        _rule("policy_outdated", Area.POLICY, _W, N_("Privacy policy older than the register"),
              "Art. 12(1), 13", N_("Review what changed and publish a new version.")),
        _rule("request_overdue", Area.REQUESTS, _E, N_("Request answered late"), "Art. 12(3)",
              N_("Answer the request now, and explain the delay.")),
        _rule("extension_late", Area.REQUESTS, _W,
              N_("Extension not told to the requester within a month"), "Art. 12(3)",
              N_("Tell the requester about the extension and its reasons.")),
        _rule("breach_unnotified", Area.BREACHES, _E,
              N_("Breach past 72 hours, neither notified nor reasoned"), "Art. 33(1)",
              N_("Notify the authority, with the reasons for the delay, or record why the "
                 "breach is unlikely to result in a risk.")),
        _rule("dpo_required", Area.ORGANISATION, _E, N_("No DPO where one is required"),
              "Art. 37(1)", N_("Designate a DPO and publish the contact details.")),
        _rule("records_exemption", Area.ORGANISATION, _E,
              N_("Record-keeping exemption claimed where it does not apply"), "Art. 30(5)",
              N_("Keep the full register: the exemption does not cover this organisation.")),
    ]
)  # fmt: skip


class FindingMute(Record, table=True):
    """A finding the user decided to accept, with why; the audit trail says who and when."""

    __tablename__ = "finding_mute"

    rule_id: str = Field(max_length=60, index=True)
    record_type: str = Field(max_length=40)
    record_id: int
    detail: str = Field(default="", max_length=300)  # which entry of the record, if several
    justification: str = Field(max_length=2000)


MUTE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec("rule_id", N_("Rule"), required=True, max_length=60),
        FieldSpec("record_type", N_("Record type"), required=True, max_length=40),
        FieldSpec("record_id", N_("Record"), FieldKind.COUNT, required=True),
        FieldSpec("detail", N_("Entry"), max_length=300),
        FieldSpec(
            "justification",
            N_("Why it is accepted"),
            FieldKind.MULTILINE,
            required=True,
            max_length=2000,
        ),
    ]
}
