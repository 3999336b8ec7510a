-- The only query by state is start-up recovery (state = 'pending' AND node = ?). A full index on state
-- took a B-tree insert for every row; a partial one holds only rows still pending, and most rows are
-- written settled, so they never enter it.
DROP INDEX ledger_state;
CREATE INDEX ledger_pending ON ledger (node) WHERE state = 'pending';
