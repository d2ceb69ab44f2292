"""Privacy policy: section rewordings and published versions.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_section_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey("organisation.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("section", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.String(20000), nullable=False),
        sa.Column("facts_hash", sa.String(64), nullable=False),
    )
    op.create_index(
        "ix_policy_section_text_organisation_section",
        "policy_section_text",
        ["organisation_id", "section"],
        unique=True,
    )
    op.create_table(
        "policy_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey("organisation.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(2000)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("facts_hash", sa.String(64), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("missing_items", sa.JSON(), nullable=False),
    )
    op.create_index("ix_policy_version_organisation_id", "policy_version", ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_policy_version_organisation_id", "policy_version")
    op.drop_table("policy_version")
    op.drop_index("ix_policy_section_text_organisation_section", "policy_section_text")
    op.drop_table("policy_section_text")
