"""What publishing the policy now would change against its latest published version: each
section that changes, with the sentences it would lose and gain."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.domain.policy_diff import ChangeKind
from app.i18n import _
from app.services.policy_versions import PolicyChanges

ADDED_COLOUR = "#1b5e20"
ADDED_BACKGROUND = "#e8f5e9"
REMOVED_COLOUR = "#b71c1c"
REMOVED_BACKGROUND = "#fdecea"


class PolicyChangesView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy_changes")
        self.setOpenLinks(False)

    def loadResource(self, _type: int, _name: object) -> None:
        return None  # the diff refers to nothing

    def show_changes(self, changes: PolicyChanges) -> None:
        self.setHtml(changes_html(changes))


def changes_html(changes: PolicyChanges) -> str:
    """The changes as simple HTML (every text escaped): one heading per section, then its
    removed sentences (−, red) and added ones (+, green)."""
    latest = changes.latest
    if latest is None:
        intro = _("No version is published yet: publishing now would publish all of it.")
    elif not changes.sections:
        intro = _("Publishing now would give the same text as version {number}.").format(
            number=latest.number
        )
    else:
        intro = _("Compared with version {number}, published on {date}:").format(
            number=latest.number, date=latest.published_at.astimezone().strftime("%Y-%m-%d")
        )
    parts = [f"<p>{escape(intro)}</p>"]
    labels = {
        ChangeKind.ADDED: _("new section"),
        ChangeKind.REMOVED: _("section removed"),
        ChangeKind.CHANGED: _("changed"),
    }
    for section in changes.sections if latest is not None else []:
        parts.append(
            f"<h3>{escape(section.title)} <small>({escape(labels[section.kind])})</small></h3>"
        )
        for sentence in section.removed:
            parts.append(_line("−", sentence, REMOVED_COLOUR, REMOVED_BACKGROUND, strike=True))
        for sentence in section.added:
            parts.append(_line("+", sentence, ADDED_COLOUR, ADDED_BACKGROUND))
    return "\n".join(parts)


def _line(sign: str, sentence: str, colour: str, background: str, *, strike: bool = False) -> str:
    text = escape(sentence)
    if strike:
        text = f"<s>{text}</s>"
    return (
        f'<p style="color: {colour}; background-color: {background}; margin: 2px 0;">'
        f"<b>{sign}</b> {text}</p>"
    )
