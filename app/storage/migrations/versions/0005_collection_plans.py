"""Data collection plans.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection_plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("objective", sa.String(5000)),
        sa.Column("channel", sa.String(20)),
        sa.Column("channel_detail", sa.String(2000)),
        sa.Column("data_subjects", sa.JSON(), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("internal_access", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("transfers", sa.JSON(), nullable=False),
        sa.Column("security_measures", sa.JSON(), nullable=False),
        sa.Column("security_notes", sa.String(5000)),
        sa.Column("information_method", sa.String(5000)),
        sa.Column("rights_channel", sa.String(5000)),
        sa.Column("screening", sa.JSON(), nullable=False),
        sa.Column("screening_notes", sa.String(5000)),
        sa.Column(
            "activity_id", sa.Integer(), sa.ForeignKey("processing_activity.id"), nullable=True
        ),
    )
    op.create_index("ix_collection_plan_organisation_id", "collection_plan", ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_collection_plan_organisation_id", "collection_plan")
    op.drop_table("collection_plan")
