"""audit chain: every audit entry carries its previous entry's hash; the chain head in one row

Entries written before the chain existed are chained here, in the order they were written (their
id order): each gets the previous hash and its own, and the ids are renumbered 1, 2, 3, ... where
rolled-back transactions had left gaps (PostgreSQL's sequence), since from now on a gap in the
ids means a deleted entry. Positions are given by the app from now on, so PostgreSQL's sequence
for the id goes.

Revision ID: 38f440235053
Revises: 5e4a1c9d2b7f
Create Date: 2026-12-06 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

# The one encoding there is: verification recomputes exactly these hashes.
from deliberation.hash_chain import EMPTY, seal


# revision identifiers, used by Alembic.
revision = '38f440235053'
down_revision = '5e4a1c9d2b7f'
branch_labels = None
depends_on = None

BATCH = 5000

events = sa.table(
    'audit_events',
    sa.column('id', sa.Integer()), sa.column('at', sa.DateTime()), sa.column('actor_id', sa.Integer()),
    sa.column('action', sa.String()), sa.column('subject', sa.String()), sa.column('detail', sa.JSON()),
    sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()))


def upgrade():
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))

    head = _chain_existing(op.get_bind())

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE audit_events ALTER COLUMN id DROP DEFAULT')
        op.execute('DROP SEQUENCE IF EXISTS audit_events_id_seq')
    op.bulk_insert(sa.table('audit_head', sa.column('id', sa.Integer()), sa.column('position', sa.Integer()),
                            sa.column('hash', sa.String())),
                   [{'id': 1, 'position': head.position, 'hash': head.hash}])


def _chain_existing(bind):
    """Chain every entry in id order, BATCH at a time; renumbered ids only ever go down, so each
    one is free when its row moves to it."""
    head, last_id = EMPTY, 0
    update = (events.update().where(events.c.id == sa.bindparam('old_id'))
              .values(id=sa.bindparam('new_id'), prev_hash=sa.bindparam('new_prev'), hash=sa.bindparam('new_hash')))
    while True:
        rows = bind.execute(sa.select(events.c.id, events.c.at, events.c.actor_id, events.c.action,
                                      events.c.subject, events.c.detail)
                            .where(events.c.id > last_id).order_by(events.c.id).limit(BATCH)).all()
        if not rows:
            return head
        last_id = rows[-1].id
        entries = [{'at': r.at, 'actor_id': r.actor_id, 'action': r.action, 'subject': r.subject,
                    'detail': r.detail} for r in rows]
        head = seal(head, entries)
        bind.execute(update, [{'old_id': r.id, 'new_id': e['id'], 'new_prev': e['prev_hash'], 'new_hash': e['hash']}
                              for r, e in zip(rows, entries)])


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':  # the id comes from a sequence again
        op.execute('CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id')
        op.execute("SELECT setval('audit_events_id_seq', COALESCE((SELECT max(id) FROM audit_events), 0) + 1, false)")
        op.execute("ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT nextval('audit_events_id_seq')")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    op.drop_table('audit_head')
