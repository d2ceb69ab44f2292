"""The generated wording of the sections about what people can do: their rights and how to use
them, withdrawing consent, objecting, complaining; and the sections on automated decisions,
joint controllers and changes to the policy. Same habits as policy_wording.py."""

from __future__ import annotations

from app.domain.policy_sections import Block, Bullets, Paragraph, Subheading
from app.domain.policy_wording import Facts, gap, sentences
from app.i18n import N_, _

# Each right of Arts. 15-21 in a few plain words, with the article for whoever checks.
_RIGHTS = (
    (
        N_("See your data."),
        N_(
            "You can ask whether we use data about you and get a copy of it, with an "
            "explanation of how we use it (Art. 15)."
        ),
    ),
    (
        N_("Correct it."),
        N_("You can have wrong data corrected and incomplete data completed (Art. 16)."),
    ),
    (
        N_("Have it erased."),
        N_(
            "You can ask us to delete your data, for instance when we no longer need it or you "
            "withdraw your consent, unless the law obliges us to keep it (Art. 17)."
        ),
    ),
    (
        N_("Limit its use."),
        N_(
            "You can ask us to keep your data without using it while we check its accuracy or "
            "your objection, or when you need it kept for a legal claim (Art. 18)."
        ),
    ),
    (
        N_("Object."),
        N_(
            "You can object to our use of your data when we rely on our legitimate interests "
            "or a public task, and at any time to direct marketing (Art. 21)."
        ),
    ),
    (
        N_("Take it with you."),
        N_(
            "When we use data you gave us by automated means, with your consent or for a "
            "contract, you can receive it in a common machine-readable format or have it sent "
            "to another organisation (Art. 20)."
        ),
    ),
)


def _how_to_reach(contact: str) -> Paragraph:
    if not contact:
        return gap(_("Where to send these requests is not yet published."))
    return Paragraph(_("Write to us at {contact}.").format(contact=contact))


def write_rights(facts: Facts) -> list[Block]:
    contact = facts["contact"]
    return [
        Paragraph(_("You have the following rights over your data:")),
        Bullets(tuple(Paragraph(_(text), lead=_(lead)) for lead, text in _RIGHTS)),
        Subheading(_("How to use your rights")),
        _how_to_reach(contact),
        Paragraph(
            _(
                "It costs nothing. We answer within one month; when a request is complex or we "
                "receive many, we may take two more months and will tell you why within the "
                "first month. We may ask you to prove who you are before we answer."
            )
        ),
    ]


def write_objection(facts: Facts) -> list[Block]:
    blocks: list[Block] = []
    if facts["purposes"]:
        blocks.append(
            Paragraph(
                _(
                    "You can object at any time, for reasons that concern your particular "
                    "situation, to our use of your data for: {purposes}. We will then stop, "
                    "unless we show compelling legitimate grounds that override your interests, "
                    "rights and freedoms, or need the data to establish, exercise or defend "
                    "legal claims."
                ).format(purposes="; ".join(facts["purposes"])),
                lead=_("Your right to object."),
                highlight=True,
            )
        )
    if facts["marketing"]:
        blocks.append(
            Paragraph(
                _(
                    "You can object at any time, without giving a reason, to the use of your "
                    "data for direct marketing ({purposes}), including any profiling linked to "
                    "it. We will then stop using your data for that purpose."
                ).format(purposes="; ".join(facts["marketing"])),
                lead=_("Direct marketing."),
                highlight=True,
            )
        )
    blocks.append(_how_to_reach(facts["contact"]))
    return blocks


def write_consent(facts: Facts) -> list[Block]:
    return [
        Paragraph(
            _(
                "Where we use your data because you agreed to it ({purposes}), you can withdraw "
                "your consent at any time, as easily as you gave it. Withdrawing does not make "
                "unlawful what we did with your consent before."
            ).format(purposes="; ".join(facts["purposes"]))
        ),
        _how_to_reach(facts["contact"]),
    ]


def write_complaint(facts: Facts) -> list[Block]:
    if facts["authority"]:
        lead = (
            _("The authority that supervises us is {authority} ({website}).")
            if facts["website"]
            else _("The authority that supervises us is {authority}.")
        ).format(**facts)
        first = Paragraph(
            sentences(
                _(
                    "If you think we do not handle your data lawfully, you have the right to "
                    "complain to a data protection supervisory authority."
                ),
                lead,
            )
        )
    else:
        first = gap(
            _(
                "If you think we do not handle your data lawfully, you have the right to "
                "complain to a data protection supervisory authority. The authority that "
                "supervises us is not yet named."
            )
        )
    return [
        first,
        Paragraph(
            _(
                "You can also complain to the authority of the country in the European Union "
                "where you live, where you work or where you think the infringement happened."
            )
        ),
    ]


def write_automated(facts: Facts) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            _(
                "Some decisions about you are made by automated means alone, without a person "
                "taking part, and can affect you legally or in a similarly significant way."
            )
        )
    ]
    for activity in facts["activities"]:
        blocks.append(Subheading(activity["name"]))
        items = [
            Paragraph(activity["logic"], lead=_("How the decision is made:"))
            if activity["logic"]
            else gap(_("How the decision is made is not yet described.")),
            Paragraph(activity["significance"], lead=_("What it means for you:"))
            if activity["significance"]
            else gap(_("What the decision means for you is not yet described.")),
        ]
        blocks.append(Bullets(tuple(items)))
    blocks.append(
        Paragraph(
            _(
                "You can ask for a person to look at such a decision again, give your point of "
                "view and contest it."
            )
        )
    )
    return blocks


def write_joint(facts: Facts) -> list[Block]:
    blocks: list[Block] = []
    for activity in facts["activities"]:
        blocks.append(Subheading(activity["name"]))
        blocks.append(
            Paragraph(
                _("We decide together with {partners} why and how this data is used.").format(
                    partners=activity["partners"].replace("\n", ", ")
                )
            )
        )
        blocks.append(
            Paragraph(activity["arrangement"], lead=_("What we agreed:"))
            if activity["arrangement"]
            else gap(_("The essence of our arrangement is not yet described."))
        )
    blocks.append(Paragraph(_("You can use your rights with each of us, whatever we agreed.")))
    return blocks


def write_changes(_facts: Facts) -> list[Block]:
    return [
        Paragraph(
            _(
                "We update this policy whenever our use of personal data changes. The date and "
                "number of this version are given at the top."
            )
        )
    ]
