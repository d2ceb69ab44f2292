"""The sections and questions of a DPIA, in the CNIL method's structure.

Question numbers are those of the CNIL's PIA tool (111 = the processing under consideration,
325 = severity of illegitimate access, ...), so its files import and export one to one.
`from_register` marks the questions whose facts come from the register: the DPIA shows the
register's current answer beside the assessor's comment instead of a retyped copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.i18n import N_


@dataclass(frozen=True)
class Question:
    id: int
    title: str  # marked with N_
    help: str  # marked with N_: what a good answer covers
    from_register: str = ""  # the register facts shown beside it (see services/dpia_register)


@dataclass(frozen=True)
class Section:
    id: str  # "1.1", "2.2", ...: the CNIL tool's evaluation reference of the section
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    sections: tuple[Section, ...]


class FearedEvent(StrEnum):
    ILLEGITIMATE_ACCESS = "illegitimate_access"
    UNWANTED_MODIFICATION = "unwanted_modification"
    DISAPPEARANCE = "disappearance"
    CUSTOM = "custom"


FEARED_EVENT_LABELS = {
    FearedEvent.ILLEGITIMATE_ACCESS: N_("Illegitimate access to data"),
    FearedEvent.UNWANTED_MODIFICATION: N_("Unwanted modification of data"),
    FearedEvent.DISAPPEARANCE: N_("Disappearance of data"),
    FearedEvent.CUSTOM: N_("Other risk"),
}

# The CNIL tool's risk sections: 3.2 access, 3.3 modification, 3.4 disappearance. Within each,
# question 3x1 impacts, 3x2 threats, 3x3 sources, 3x4 measures, 3x5 severity, 3x6 likelihood.
RISK_SECTIONS = {
    FearedEvent.ILLEGITIMATE_ACCESS: "3.2",
    FearedEvent.UNWANTED_MODIFICATION: "3.3",
    FearedEvent.DISAPPEARANCE: "3.4",
}
MEASURES_SECTION = "3.1"

PARTS = (
    Part(
        "context",
        N_("Context"),
        (
            Section(
                "1.1",
                N_("Overview"),
                (
                    Question(
                        111,
                        N_("What processing is assessed?"),
                        N_("Its nature, scope, context and purposes, in a few sentences."),
                        "description",
                    ),
                    Question(
                        112,
                        N_("Who is responsible for it?"),
                        N_(
                            "The controller, any joint controllers and the processors, and who "
                            "does what."
                        ),
                        "responsibilities",
                    ),
                    Question(
                        113,
                        N_("Which standards apply?"),
                        N_(
                            "Approved codes of conduct, certifications, sector rules or internal "
                            "policies the processing follows."
                        ),
                    ),
                ),
            ),
            Section(
                "1.2",
                N_("Data, life cycle and supporting assets"),
                (
                    Question(
                        121,
                        N_("What data is processed?"),
                        N_(
                            "The categories of data, who they concern, who receives them and "
                            "how long they are kept."
                        ),
                        "data",
                    ),
                    Question(
                        122,
                        N_("How does the data live?"),
                        N_(
                            "From collection to deletion: each step, and what happens to the "
                            "data at each."
                        ),
                    ),
                    Question(
                        123,
                        N_("What does the data rest on?"),
                        N_(
                            "Systems, software, networks, paper and people the data passes through."
                        ),
                        "systems",
                    ),
                ),
            ),
        ),
    ),
    Part(
        "principles",
        N_("Fundamental principles"),
        (
            Section(
                "2.1",
                N_("Proportionality and necessity"),
                (
                    Question(
                        211,
                        N_("Are the purposes specified, explicit and legitimate?"),
                        N_("Each purpose stated precisely, and why it is legitimate."),
                        "purposes",
                    ),
                    Question(
                        212,
                        N_("What is the legal basis?"),
                        N_(
                            "The basis of each purpose (Art. 6) and, for special data, the "
                            "Art. 9 condition."
                        ),
                        "legal_bases",
                    ),
                    Question(
                        213,
                        N_("Is the data adequate, relevant and limited?"),
                        N_(
                            "Why each piece of data is needed, and what was left out "
                            "(minimisation)."
                        ),
                        "data",
                    ),
                    Question(
                        214,
                        N_("Is the data accurate and kept up to date?"),
                        N_("How errors are prevented and corrected."),
                    ),
                    Question(
                        215,
                        N_("How long is the data kept?"),
                        N_("The period or the rule for each category, and why it is justified."),
                        "retention",
                    ),
                ),
            ),
            Section(
                "2.2",
                N_("Controls protecting people's rights"),
                (
                    Question(
                        221,
                        N_("How are people informed?"),
                        N_("Where and when they receive the information of Arts. 13 and 14."),
                    ),
                    Question(
                        222,
                        N_("How is consent obtained, if it is the basis?"),
                        N_("How it is asked, proved and withdrawn."),
                    ),
                    Question(
                        223,
                        N_("How can people get access and portability?"),
                        N_("How they ask for a copy of their data or to take it elsewhere."),
                    ),
                    Question(
                        224,
                        N_("How can people have data corrected or erased?"),
                        N_("How a request is handled, and what happens to copies."),
                    ),
                    Question(
                        225,
                        N_("How can people restrict processing or object?"),
                        N_("How a request is handled, and how processing stops."),
                    ),
                    Question(
                        226,
                        N_("Are processors bound by a contract?"),
                        N_("Each processor, its contract (Art. 28) and its guarantees."),
                        "processors",
                    ),
                    Question(
                        227,
                        N_("Is data transferred outside the EEA?"),
                        N_("Each destination and the tool that makes it lawful (Chapter V)."),
                        "transfers",
                    ),
                ),
            ),
        ),
    ),
)

QUESTIONS = {q.id: q for part in PARTS for section in part.sections for q in section.questions}
SECTIONS = {section.id: section for part in PARTS for section in part.sections}


def risk_question(event: FearedEvent, aspect: int) -> int:
    """The CNIL question number of a feared event's aspect (1 impacts … 6 likelihood)."""
    section = RISK_SECTIONS[event]
    return int(section.replace(".", "")) * 10 + aspect
