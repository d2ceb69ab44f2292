"""The processing register: activities, vendors and their links, processor records, catalogues.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "vendor",
        *_record_columns(),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("country", sa.String(2)),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("service", sa.String(2000)),
        sa.Column("contact_name", sa.String(300)),
        sa.Column("contact_email", sa.String(300)),
        sa.Column("dpa_signed_on", sa.Date()),
        sa.Column("dpa_review_on", sa.Date()),
        sa.Column("dpa_reference", sa.String(500)),
        sa.Column("sub_processors", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String(5000)),
    )
    op.create_table(
        "processing_activity",
        *_record_columns(),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("description", sa.String(5000)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("person.id")),
        sa.Column("controller_id", sa.Integer(), sa.ForeignKey("organisation.id"),
                  nullable=False),
        sa.Column("joint_controllers", sa.String(2000)),
        sa.Column("joint_arrangement", sa.String(5000)),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("data_subjects", sa.JSON(), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("transfers", sa.JSON(), nullable=False),
        sa.Column("security_measures", sa.JSON(), nullable=False),
        sa.Column("security_notes", sa.String(5000)),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("automated_decisions", sa.Boolean(), nullable=False),
        sa.Column("automated_logic", sa.String(5000)),
        sa.Column("automated_significance", sa.String(5000)),
        sa.Column("last_review", sa.Date()),
        sa.Column("next_review", sa.Date()),
        sa.Column("legal_bases", sa.String(100), nullable=False),
        sa.Column("has_special_data", sa.Boolean(), nullable=False),
        sa.Column("has_transfers", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_processing_activity_status", "processing_activity", ["status"])
    op.create_index("ix_processing_activity_owner_id", "processing_activity", ["owner_id"])
    op.create_index("ix_processing_activity_controller_id", "processing_activity",
                    ["controller_id"])
    op.create_index("ix_processing_activity_next_review", "processing_activity",
                    ["next_review"])
    op.create_table(
        "activity_vendor",
        sa.Column("activity_id", sa.Integer(),
                  sa.ForeignKey("processing_activity.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("vendor_id", sa.Integer(), sa.ForeignKey("vendor.id"), primary_key=True),
    )
    op.create_index("ix_activity_vendor_vendor_id", "activity_vendor", ["vendor_id"])
    op.create_table(
        "processor_activity",
        *_record_columns(),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("processor_id", sa.Integer(), sa.ForeignKey("organisation.id"),
                  nullable=False),
        sa.Column("controller_name", sa.String(300), nullable=False),
        sa.Column("controller_contact", sa.String(1000)),
        sa.Column("controller_representative", sa.String(1000)),
        sa.Column("controller_dpo", sa.String(1000)),
        sa.Column("processing_categories", sa.String(5000)),
        sa.Column("transfers", sa.JSON(), nullable=False),
        sa.Column("security_measures", sa.JSON(), nullable=False),
        sa.Column("security_notes", sa.String(5000)),
    )
    op.create_index("ix_processor_activity_processor_id", "processor_activity",
                    ["processor_id"])
    op.create_table(
        "catalogue_entry",
        *_record_columns(),
        sa.Column("catalogue", sa.String(40), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("description", sa.String(2000)),
        sa.Column("hidden", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_catalogue_entry_catalogue", "catalogue_entry", ["catalogue"])


def downgrade() -> None:
    op.drop_table("catalogue_entry")
    op.drop_table("processor_activity")
    op.drop_table("activity_vendor")
    op.drop_table("processing_activity")
    op.drop_table("vendor")
