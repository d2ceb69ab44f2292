"""Rights requests and the breach register.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _moment(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "rights_request",
        *_record_columns(),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False
        ),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("requester", sa.String(300), nullable=False),
        sa.Column("requester_contact", sa.String(300)),
        sa.Column("agent", sa.String(300)),
        sa.Column("identity_check", sa.String(20), nullable=False),
        sa.Column("identity_requested_on", sa.Date()),
        sa.Column("identity_received_on", sa.Date()),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("extension_reason", sa.String(2000)),
        sa.Column("extension_notified_on", sa.Date()),
        sa.Column("outcome", sa.String(20)),
        sa.Column("refusal_ground", sa.String(2000)),
        sa.Column("recipients_notified", sa.String(2000)),
        sa.Column("closed_on", sa.Date()),
        sa.Column("notes", sa.String(5000)),
    )
    op.create_index("ix_rights_request_organisation_id", "rights_request", ["organisation_id"])
    op.create_index("ix_rights_request_received_on", "rights_request", ["received_on"])
    op.create_index("ix_rights_request_status", "rights_request", ["status"])
    op.create_table(
        "breach",
        *_record_columns(),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False
        ),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("time_zone", sa.String(60), nullable=False),
        _moment("occurred_from"),
        _moment("occurred_to"),
        _moment("detected_at"),
        _moment("aware_at", nullable=False),
        _moment("controller_told_at"),
        sa.Column("description", sa.String(5000)),
        sa.Column("cause", sa.String(2000)),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("special_or_criminal", sa.Boolean(), nullable=False),
        sa.Column("subject_categories", sa.JSON(), nullable=False),
        sa.Column("approx_subjects", sa.Integer()),
        sa.Column("approx_records", sa.Integer()),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("vulnerable_people", sa.Boolean(), nullable=False),
        sa.Column("consequences", sa.String(5000)),
        sa.Column("measures_taken", sa.String(5000)),
        sa.Column("measures_proposed", sa.String(5000)),
        sa.Column("risk_level", sa.String(10)),
        sa.Column("risk_reasoning", sa.String(5000)),
        _moment("authority_notified_at"),
        sa.Column("authority", sa.String(300)),
        sa.Column("authority_reference", sa.String(200)),
        sa.Column("follow_ups", sa.String(5000)),
        sa.Column("delay_reasons", sa.String(5000)),
        _moment("people_told_at"),
        sa.Column("people_told_how", sa.String(1000)),
        sa.Column("art34_exception", sa.String(5)),
        sa.Column("lessons", sa.String(5000)),
        sa.Column("closed_on", sa.Date()),
    )
    op.create_index("ix_breach_organisation_id", "breach", ["organisation_id"])
    op.create_index("ix_breach_aware_at", "breach", ["aware_at"])


def downgrade() -> None:
    op.drop_table("breach")
    op.drop_table("rights_request")
