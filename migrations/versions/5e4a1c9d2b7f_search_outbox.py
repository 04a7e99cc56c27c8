"""search outbox: sources whose index documents are to be written again after a commit

Revision ID: 5e4a1c9d2b7f
Revises: e7c33483c973
Create Date: 2026-12-05 23:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e4a1c9d2b7f'
down_revision = 'e7c33483c973'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.Integer(), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )


def downgrade():
    op.drop_table('search_outbox')
