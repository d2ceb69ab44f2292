"""Risk analysis: DPIAs and their frozen versions, DPIA screenings, LIAs and TIAs.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _activity(unique: bool = False) -> sa.Column:
    return sa.Column(
        "activity_id",
        sa.Integer(),
        sa.ForeignKey("processing_activity.id"),
        nullable=False,
        unique=unique,
    )


def _texts(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.String(5000)) for name in names]


def _conclusion() -> list[sa.Column]:
    return [
        sa.Column("outcome", sa.String(30)),
        sa.Column("assessed_on", sa.Date()),
        sa.Column("assessed_by", sa.String(300)),
        sa.Column("next_review", sa.Date()),
    ]


def upgrade() -> None:
    op.create_table(
        "dpia",
        *_record_columns(),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False
        ),
        sa.Column("activity_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("matrix", sa.String(20), nullable=False),
        sa.Column("author", sa.String(300)),
        sa.Column("reviewer", sa.String(300)),
        sa.Column("validator", sa.String(300)),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("risks", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("reviews", sa.JSON(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("dpo_names", sa.String(300)),
        sa.Column("dpo_opinion", sa.Text()),
        sa.Column("dpo_status", sa.String(20)),
        sa.Column("people_views_sought", sa.Boolean(), nullable=False),
        sa.Column("people_names", sa.String(300)),
        sa.Column("people_views", sa.Text()),
        sa.Column("people_views_status", sa.String(20)),
        sa.Column("people_not_sought_reason", sa.Text()),
        sa.Column("decision_conditions", sa.Text()),
        sa.Column("rejection_reason", sa.Text()),
        sa.Column("applied_adjustments", sa.Text()),
        sa.Column("decided_by", sa.String(300)),
        sa.Column("decided_on", sa.Date()),
        sa.Column("category", sa.String(300)),
        sa.Column("next_review", sa.Date()),
    )
    op.create_index("ix_dpia_organisation_id", "dpia", ["organisation_id"])
    op.create_index("ix_dpia_status", "dpia", ["status"])
    op.create_table(
        "dpia_version",
        *_record_columns(),
        sa.Column("dpia_id", sa.Integer(), sa.ForeignKey("dpia.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_by", sa.String(200), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
    )
    op.create_index("ix_dpia_version_dpia_id", "dpia_version", ["dpia_id"])
    op.create_table(
        "activity_screening",
        *_record_columns(),
        _activity(unique=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("art35_3", sa.JSON(), nullable=False),
        sa.Column("authority_entries", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("justification", sa.String(5000)),
        sa.Column("dpia_id", sa.Integer(), sa.ForeignKey("dpia.id")),
        sa.Column("screened_on", sa.Date()),
        sa.Column("screened_by", sa.String(300)),
    )
    op.create_table(
        "lia",
        *_record_columns(),
        _activity(),
        sa.Column("purpose_key", sa.String(20), nullable=False),
        *_texts(
            "interest",
            "benefits",
            "necessity",
            "less_intrusive",
            "data_nature",
            "expectations",
            "impact",
            "safeguards",
        ),
        *_conclusion(),
    )
    op.create_index("ix_lia_activity_id", "lia", ["activity_id"])
    op.create_table(
        "tia",
        *_record_columns(),
        _activity(),
        sa.Column("destination", sa.String(300), nullable=False),
        sa.Column("importer", sa.String(300)),
        *_texts(
            "transfer_map",
            "transfer_tool",
            "law_and_practice",
            "supplementary_measures",
            "procedural_steps",
            "reevaluation",
        ),
        *_conclusion(),
    )
    op.create_index("ix_tia_activity_id", "tia", ["activity_id"])


def downgrade() -> None:
    for table in ("tia", "lia", "activity_screening", "dpia_version", "dpia"):
        op.drop_table(table)
