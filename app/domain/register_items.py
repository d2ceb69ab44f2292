"""The structured entries of a processing activity: purposes, data categories (with their
retention), recipients and transfers; and a vendor's sub-processors."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from app.domain.countries import is_country_code
from app.domain.legal_bases import Art9Condition, Derogation, LegalBasis
from app.domain.list_fields import MAX_ITEM_TEXT, Item
from app.i18n import N_


def new_key() -> str:
    """A short stable id, so data categories can point at purposes whatever their order."""
    return uuid.uuid4().hex[:8]


class DataKind(StrEnum):
    REGULAR = "regular"
    SPECIAL = "special"  # Art. 9(1)
    CRIMINAL = "criminal"  # Art. 10


DATA_KIND_LABELS = {
    DataKind.REGULAR: N_("Ordinary"),
    DataKind.SPECIAL: N_("Special category (Art. 9)"),
    DataKind.CRIMINAL: N_("Criminal offences (Art. 10)"),
}


class DataSource(StrEnum):
    DATA_SUBJECT = "data_subject"  # Art. 13 applies
    THIRD_PARTY = "third_party"  # Art. 14 applies
    PUBLIC = "public"  # Art. 14 applies


DATA_SOURCE_LABELS = {
    DataSource.DATA_SUBJECT: N_("From the person (Art. 13)"),
    DataSource.THIRD_PARTY: N_("From a third party (Art. 14)"),
    DataSource.PUBLIC: N_("From a public source (Art. 14)"),
}


class ProvisionRequirement(StrEnum):
    NONE = "none"
    STATUTORY = "statutory"
    CONTRACTUAL = "contractual"
    CONTRACT_PREREQUISITE = "contract_prerequisite"


PROVISION_LABELS = {
    ProvisionRequirement.NONE: N_("Optional for the person"),
    ProvisionRequirement.STATUTORY: N_("Required by law"),
    ProvisionRequirement.CONTRACTUAL: N_("Required by a contract"),
    ProvisionRequirement.CONTRACT_PREREQUISITE: N_("Needed to enter into a contract"),
}


class EndAction(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    ARCHIVE = "archive"


END_ACTION_LABELS = {
    EndAction.DELETE: N_("Delete"),
    EndAction.ANONYMISE: N_("Anonymise"),
    EndAction.ARCHIVE: N_("Archive"),
}


class RecipientType(StrEnum):
    INTERNAL = "internal"
    PROCESSOR = "processor"
    THIRD_PARTY = "third_party"
    PUBLIC_AUTHORITY = "public_authority"
    JOINT_CONTROLLER = "joint_controller"


RECIPIENT_TYPE_LABELS = {
    RecipientType.INTERNAL: N_("Internal"),
    RecipientType.PROCESSOR: N_("Processor"),
    RecipientType.THIRD_PARTY: N_("Third party"),
    RecipientType.PUBLIC_AUTHORITY: N_("Public authority"),
    RecipientType.JOINT_CONTROLLER: N_("Joint controller"),
}


class TransferMechanism(StrEnum):
    ADEQUACY = "adequacy"  # Art. 45
    SCC = "scc"  # Art. 46(2)(c)
    BCR = "bcr"  # Art. 47
    CODE_OR_CERTIFICATION = "code_or_certification"  # Art. 46(2)(e), (f)
    AD_HOC_CLAUSES = "ad_hoc_clauses"  # Art. 46(3)(a)
    DEROGATION = "derogation"  # Art. 49


TRANSFER_MECHANISM_LABELS = {
    TransferMechanism.ADEQUACY: N_("Adequacy decision (Art. 45)"),
    TransferMechanism.SCC: N_("Standard contractual clauses (Art. 46(2)(c))"),
    TransferMechanism.BCR: N_("Binding corporate rules (Art. 47)"),
    TransferMechanism.CODE_OR_CERTIFICATION: N_(
        "Code of conduct or certification (Art. 46(2)(e)-(f))"
    ),
    TransferMechanism.AD_HOC_CLAUSES: N_("Clauses authorised by the authority (Art. 46(3))"),
    TransferMechanism.DEROGATION: N_("Derogation for a specific situation (Art. 49)"),
}


class SccModule(StrEnum):
    C2C = "1"
    C2P = "2"
    P2P = "3"
    P2C = "4"


SCC_MODULE_LABELS = {
    SccModule.C2C: N_("Module 1: controller to controller"),
    SccModule.C2P: N_("Module 2: controller to processor"),
    SccModule.P2P: N_("Module 3: processor to processor"),
    SccModule.P2C: N_("Module 4: processor to controller"),
}

_TEXT = Field(default="", max_length=MAX_ITEM_TEXT)


class Purpose(Item):
    key: str = Field(default_factory=new_key, max_length=20, title=N_("Key"))
    purpose: str = Field(min_length=1, max_length=500, title=N_("Purpose"))
    basis: LegalBasis = Field(title=N_("Legal basis"))
    basis_reference: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("Law relied on"))
    legitimate_interest: str = Field(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Interest pursued")
    )
    art9_condition: Art9Condition | None = Field(default=None, title=N_("Art. 9 condition"))
    art10_basis: str = Field(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Art. 10 authorisation")
    )
    national_law_reference: str = Field(
        default="", max_length=MAX_ITEM_TEXT, title=N_("National law")
    )


class DataCategory(Item):
    category: str = Field(min_length=1, max_length=300, title=N_("Data category"))
    kind: DataKind = Field(default=DataKind.REGULAR, title=N_("Kind"))
    source: DataSource = Field(default=DataSource.DATA_SUBJECT, title=N_("Source"))
    source_detail: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("Which source"))
    requirement: ProvisionRequirement = Field(
        default=ProvisionRequirement.NONE, title=N_("Must the person provide it?")
    )
    consequence: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("If not provided"))
    purpose_keys: list[str] = Field(
        default_factory=list, max_length=50, title=N_("Purposes served")
    )
    retention_period: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("Kept for"))
    retention_trigger: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("Counted from"))
    end_action: EndAction = Field(default=EndAction.DELETE, title=N_("Then"))


class Recipient(Item):
    type: RecipientType = Field(title=N_("Type"))
    name: str = Field(min_length=1, max_length=300, title=N_("Recipient"))
    vendor_id: int | None = Field(default=None, ge=1, title=N_("Vendor"))


class Transfer(Item):
    destination: str = Field(min_length=1, max_length=300, title=N_("Country or organisation"))
    importer: str = Field(default="", max_length=300, title=N_("Importer"))
    vendor_id: int | None = Field(default=None, ge=1, title=N_("Vendor"))
    mechanism: TransferMechanism = Field(title=N_("Safeguard"))
    scc_module: SccModule | None = Field(default=None, title=N_("SCC module"))
    derogation: Derogation | None = Field(default=None, title=N_("Derogation"))
    safeguard_document: str = Field(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Where the safeguard document is")
    )

    @field_validator("destination")
    @classmethod
    def _country_upper(cls, value: str) -> str:
        # A two-letter destination is a country code; anything else an organisation's name.
        return value.upper() if len(value) == 2 and is_country_code(value) else value

    @property
    def is_country(self) -> bool:
        return len(self.destination) == 2 and is_country_code(self.destination)


class SubProcessor(Item):
    name: str = Field(min_length=1, max_length=300, title=N_("Sub-processor"))
    country: str = Field(default="", max_length=300, title=N_("Country"))
    service: str = Field(default="", max_length=MAX_ITEM_TEXT, title=N_("Service"))


def _choice_labels() -> dict[type[StrEnum], dict[Any, str]]:
    from app.domain.legal_bases import ART9_LABELS, DEROGATION_LABELS, LEGAL_BASIS_LABELS

    return {
        LegalBasis: LEGAL_BASIS_LABELS,
        Art9Condition: ART9_LABELS,
        Derogation: DEROGATION_LABELS,
        DataKind: DATA_KIND_LABELS,
        DataSource: DATA_SOURCE_LABELS,
        ProvisionRequirement: PROVISION_LABELS,
        EndAction: END_ACTION_LABELS,
        RecipientType: RECIPIENT_TYPE_LABELS,
        TransferMechanism: TRANSFER_MECHANISM_LABELS,
        SccModule: SCC_MODULE_LABELS,
    }


# Every enum an item field can hold -> its labels (marked with N_): one place for editors,
# reports and importers to show or read a code in the user's words.
CHOICE_LABELS = _choice_labels()


def item_field_enum(model: type[Item], name: str) -> type[StrEnum] | None:
    """The enum behind an item field (Optional unwrapped), or None for free text."""
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return candidate
    return None
