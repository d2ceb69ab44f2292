"""The user's own catalogue entries: additions to the shipped lists (resources/knowledge/
catalogues) and edits of shipped entries, stored in the workspace so a consultant's
vocabulary travels with the client's file."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class CatalogueKind(StrEnum):
    DATA_CATEGORIES = "data_categories"
    DATA_SUBJECT_CATEGORIES = "data_subject_categories"
    RECIPIENT_TYPES = "recipient_types"
    SECURITY_MEASURES = "security_measures"


CATALOGUE_LABELS = {
    CatalogueKind.DATA_CATEGORIES: N_("Data categories"),
    CatalogueKind.DATA_SUBJECT_CATEGORIES: N_("Categories of people"),
    CatalogueKind.RECIPIENT_TYPES: N_("Recipient types"),
    CatalogueKind.SECURITY_MEASURES: N_("Security measures"),
}


class CatalogueEntry(Record, table=True):
    __tablename__ = "catalogue_entry"

    catalogue: str = Field(max_length=40, index=True)
    # Same key as a shipped entry: the user's version replaces it.
    key: str = Field(max_length=80)
    label: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=2000)
    hidden: bool = Field(default=False)


CATALOGUE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "catalogue",
            N_("Catalogue"),
            FieldKind.CHOICE,
            required=True,
            choices=CatalogueKind,
            choice_labels=CATALOGUE_LABELS,
        ),
        FieldSpec("key", N_("Key"), required=True, max_length=80),
        FieldSpec("label", N_("Label"), required=True),
        FieldSpec("description", N_("Description"), FieldKind.MULTILINE, max_length=2000),
        FieldSpec("hidden", N_("Hidden"), FieldKind.BOOL),
    ]
}
