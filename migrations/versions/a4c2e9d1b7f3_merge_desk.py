"""merge desk: stored placements of pending amendments, undo records and per-amendment outcomes

Revision ID: a4c2e9d1b7f3
Revises: 7c11753f5e37
Create Date: 2026-12-05 23:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4c2e9d1b7f3'
down_revision = '7c11753f5e37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('amendment_placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('edits', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('line_from', sa.Integer(), nullable=True),
    sa.Column('line_to', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_amendment_placements_amendment_id_amendments')),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_amendment_placements_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_placements')),
    sa.UniqueConstraint('amendment_id', 'version_id', name=op.f('uq_amendment_placements_amendment_id'))
    )
    with op.batch_alter_table('amendment_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_placements_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_placements_version_id'), ['version_id'], unique=False)

    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_live_rooms_version_id_versions'), 'versions', ['version_id'], ['id'])

    with op.batch_alter_table('merge_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='merge', nullable=False))
        batch_op.add_column(sa.Column('undoes_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcomes', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_merge_records_undoes_id'), ['undoes_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_merge_records_undoes_id_merge_records'), 'merge_records',
                                    ['undoes_id'], ['id'])


def downgrade():
    with op.batch_alter_table('merge_records', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_merge_records_undoes_id_merge_records'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_merge_records_undoes_id'))
        batch_op.drop_column('outcomes')
        batch_op.drop_column('undoes_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('live_rooms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_live_rooms_version_id_versions'), type_='foreignkey')
        batch_op.drop_column('version_id')

    with op.batch_alter_table('amendment_placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_placements_version_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_placements_amendment_id'))

    op.drop_table('amendment_placements')
