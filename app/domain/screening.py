"""DPIA screening: the nine criteria of the WP248 guidelines (endorsed by the EDPB), the
Art. 35(3) cases and the outcome they point to.

Rule of thumb of the guidelines: two or more criteria usually mean a DPIA is needed; one
may be enough; deciding against a DPIA despite two or more must be justified in writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.i18n import N_, _


class Wp248Criterion(StrEnum):
    EVALUATION = "evaluation"
    AUTOMATED_DECISION = "automated_decision"
    MONITORING = "monitoring"
    SENSITIVE = "sensitive"
    LARGE_SCALE = "large_scale"
    COMBINING = "combining"
    VULNERABLE = "vulnerable"
    INNOVATIVE = "innovative"
    BLOCKS_RIGHT = "blocks_right"


# The criterion's name (for reports) and the plain question a small business owner answers.
WP248_LABELS = {
    Wp248Criterion.EVALUATION: N_("Evaluation or scoring, including profiling"),
    Wp248Criterion.AUTOMATED_DECISION: N_("Automated decisions with legal or similar effect"),
    Wp248Criterion.MONITORING: N_("Systematic monitoring"),
    Wp248Criterion.SENSITIVE: N_("Sensitive or highly personal data"),
    Wp248Criterion.LARGE_SCALE: N_("Large scale"),
    Wp248Criterion.COMBINING: N_("Matching or combining datasets"),
    Wp248Criterion.VULNERABLE: N_("Vulnerable people"),
    Wp248Criterion.INNOVATIVE: N_("Innovative technology"),
    Wp248Criterion.BLOCKS_RIGHT: N_("Can block a right, a service or a contract"),
}

WP248_QUESTIONS = {
    Wp248Criterion.EVALUATION: N_(
        "Will you rate, score or sort people, or predict what they like, do or can afford?"
    ),
    Wp248Criterion.AUTOMATED_DECISION: N_(
        "Will a computer decide on its own something that matters to a person, such as "
        "refusing an order, a loan or a job?"
    ),
    Wp248Criterion.MONITORING: N_(
        "Will you watch or track people over time, online or in a place they cannot avoid "
        "(cameras, location tracking, employee monitoring)?"
    ),
    Wp248Criterion.SENSITIVE: N_(
        "Will you collect health, biometric, genetic or other special-category data, "
        "criminal records, precise location, financial data or private messages?"
    ),
    Wp248Criterion.LARGE_SCALE: N_(
        "Will it concern a large number of people, a lot of data per person, a long period "
        "or a wide area?"
    ),
    Wp248Criterion.COMBINING: N_(
        "Will you combine this data with data collected elsewhere or for another purpose, "
        "in a way people would not expect?"
    ),
    Wp248Criterion.VULNERABLE: N_(
        "Are the people children, employees, patients, elderly people or others who cannot "
        "easily say no to you?"
    ),
    Wp248Criterion.INNOVATIVE: N_(
        "Will you use a new kind of technology, such as face recognition, connected devices "
        "or artificial intelligence?"
    ),
    Wp248Criterion.BLOCKS_RIGHT: N_(
        "Could the processing stop someone from using a service, signing a contract or "
        "exercising a right?"
    ),
}


class ScreeningOutcome(StrEnum):
    REQUIRED = "required"
    LIKELY_REQUIRED = "likely_required"
    CONSIDER = "consider"
    NOT_LIKELY = "not_likely"


SCREENING_OUTCOME_LABELS = {
    ScreeningOutcome.REQUIRED: N_("DPIA required"),
    ScreeningOutcome.LIKELY_REQUIRED: N_("DPIA likely required"),
    ScreeningOutcome.CONSIDER: N_("Consider a DPIA"),
    ScreeningOutcome.NOT_LIKELY: N_("DPIA not likely needed"),
}


@dataclass(frozen=True)
class Screening:
    outcome: ScreeningOutcome
    criteria: tuple[Wp248Criterion, ...]
    reasons: tuple[str, ...]  # translated sentences, in the order they weigh

    @property
    def needs_justification(self) -> bool:
        """Deciding against a DPIA now needs a written reason (WP248, two or more criteria)."""
        return len(self.criteria) >= 2


def screen(
    criteria: Iterable[str], *, art35_3: Iterable[str] = (), authority_list: Iterable[str] = ()
) -> Screening:
    """The screening outcome with its reasons.

    `art35_3` holds the Art. 35(3) cases that apply (any one makes a DPIA mandatory) and
    `authority_list` the entries of the supervisory authority's list that match, each already
    worded for the user.
    """
    met = tuple(c for c in Wp248Criterion if c.value in {str(x) for x in criteria})
    reasons: list[str] = [
        _("Art. 35(3) case: {case}").format(case=case) for case in art35_3 if case
    ]
    reasons += [
        _("On the supervisory authority's list: {entry}").format(entry=entry)
        for entry in authority_list
        if entry
    ]
    named = ", ".join(_(WP248_LABELS[c]).lower() for c in met)
    if reasons:
        outcome = ScreeningOutcome.REQUIRED
    elif len(met) >= 2:
        outcome = ScreeningOutcome.LIKELY_REQUIRED
        reasons.append(
            _(
                "{count} of the nine criteria apply ({names}); two or more usually mean "
                "a DPIA is needed."
            ).format(count=len(met), names=named)
        )
    elif met:
        outcome = ScreeningOutcome.CONSIDER
        reasons.append(
            _(
                "One criterion applies ({names}); one alone can be enough when the risk "
                "for people is high."
            ).format(names=named)
        )
    else:
        outcome = ScreeningOutcome.NOT_LIKELY
        reasons.append(_("None of the nine criteria applies."))
    return Screening(outcome, met, tuple(reasons))
