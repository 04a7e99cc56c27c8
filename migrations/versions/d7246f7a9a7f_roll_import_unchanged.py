"""roll imports count the members a file matched exactly apart from those it changed

Revision ID: d7246f7a9a7f
Revises: eb2b51ab4e67
Create Date: 2026-11-24 22:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7246f7a9a7f'
down_revision = 'eb2b51ab4e67'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roll_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unchanged', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('roll_imports', schema=None) as batch_op:
        batch_op.drop_column('unchanged')
