"""Lawful bases (Art. 6(1)), special-category conditions (Art. 9(2)) and transfer derogations
(Art. 49(1)): the codes are the law's own lettering, the labels our plain words."""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_


class LegalBasis(StrEnum):
    CONSENT = "6.1.a"
    CONTRACT = "6.1.b"
    LEGAL_OBLIGATION = "6.1.c"
    VITAL_INTERESTS = "6.1.d"
    PUBLIC_TASK = "6.1.e"
    LEGITIMATE_INTERESTS = "6.1.f"


LEGAL_BASIS_LABELS = {
    LegalBasis.CONSENT: N_("Consent (Art. 6(1)(a))"),
    LegalBasis.CONTRACT: N_("Contract (Art. 6(1)(b))"),
    LegalBasis.LEGAL_OBLIGATION: N_("Legal obligation (Art. 6(1)(c))"),
    LegalBasis.VITAL_INTERESTS: N_("Vital interests (Art. 6(1)(d))"),
    LegalBasis.PUBLIC_TASK: N_("Public task (Art. 6(1)(e))"),
    LegalBasis.LEGITIMATE_INTERESTS: N_("Legitimate interests (Art. 6(1)(f))"),
}

# Bases that rest on a law the record must name (Art. 6(3)).
BASES_NEEDING_LAW = frozenset({LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK})


class Art9Condition(StrEnum):
    EXPLICIT_CONSENT = "9.2.a"
    EMPLOYMENT_LAW = "9.2.b"
    VITAL_INTERESTS = "9.2.c"
    NOT_FOR_PROFIT = "9.2.d"
    MADE_PUBLIC = "9.2.e"
    LEGAL_CLAIMS = "9.2.f"
    SUBSTANTIAL_PUBLIC_INTEREST = "9.2.g"
    HEALTH_CARE = "9.2.h"
    PUBLIC_HEALTH = "9.2.i"
    RESEARCH = "9.2.j"


ART9_LABELS = {
    Art9Condition.EXPLICIT_CONSENT: N_("Explicit consent (Art. 9(2)(a))"),
    Art9Condition.EMPLOYMENT_LAW: N_("Employment and social protection law (Art. 9(2)(b))"),
    Art9Condition.VITAL_INTERESTS: N_("Vital interests, person unable to consent (Art. 9(2)(c))"),
    Art9Condition.NOT_FOR_PROFIT: N_("Not-for-profit body, members only (Art. 9(2)(d))"),
    Art9Condition.MADE_PUBLIC: N_("Made public by the person (Art. 9(2)(e))"),
    Art9Condition.LEGAL_CLAIMS: N_("Legal claims or courts (Art. 9(2)(f))"),
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST: N_(
        "Substantial public interest in law (Art. 9(2)(g))"
    ),
    Art9Condition.HEALTH_CARE: N_("Health or social care, occupational medicine (Art. 9(2)(h))"),
    Art9Condition.PUBLIC_HEALTH: N_("Public health (Art. 9(2)(i))"),
    Art9Condition.RESEARCH: N_("Archiving, research or statistics (Art. 9(2)(j))"),
}


class Derogation(StrEnum):
    EXPLICIT_CONSENT = "a"
    CONTRACT_WITH_PERSON = "b"
    CONTRACT_IN_INTEREST = "c"
    PUBLIC_INTEREST = "d"
    LEGAL_CLAIMS = "e"
    VITAL_INTERESTS = "f"
    PUBLIC_REGISTER = "g"
    COMPELLING_INTERESTS = "2nd"


DEROGATION_LABELS = {
    Derogation.EXPLICIT_CONSENT: N_("Explicit consent after being told the risks (Art. 49(1)(a))"),
    Derogation.CONTRACT_WITH_PERSON: N_("Contract with the person (Art. 49(1)(b))"),
    Derogation.CONTRACT_IN_INTEREST: N_("Contract in the person's interest (Art. 49(1)(c))"),
    Derogation.PUBLIC_INTEREST: N_("Important public interest (Art. 49(1)(d))"),
    Derogation.LEGAL_CLAIMS: N_("Legal claims (Art. 49(1)(e))"),
    Derogation.VITAL_INTERESTS: N_("Vital interests (Art. 49(1)(f))"),
    Derogation.PUBLIC_REGISTER: N_("Public register (Art. 49(1)(g))"),
    Derogation.COMPELLING_INTERESTS: N_(
        "Compelling legitimate interests, one-off (Art. 49(1), second subparagraph)"
    ),
}
