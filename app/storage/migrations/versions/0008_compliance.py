"""Compliance checks: muted findings; the organisation's public-body and Art. 30(5) answers.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a constant default: SQLite adds it in place. (A batch rebuild would
    # copy and drop the organisation table, which foreign keys pointing at it forbid.)
    op.add_column(
        "organisation",
        sa.Column("public_body", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "organisation",
        sa.Column("records_exemption", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "finding_mute",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rule_id", sa.String(60), nullable=False),
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("justification", sa.String(2000), nullable=False),
    )
    op.create_index("ix_finding_mute_rule_id", "finding_mute", ["rule_id"])


def downgrade() -> None:
    op.drop_index("ix_finding_mute_rule_id", "finding_mute")
    op.drop_table("finding_mute")
    op.drop_column("organisation", "records_exemption")
    op.drop_column("organisation", "public_body")
