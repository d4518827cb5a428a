-- Every committed change to a scope is announced on channel corvid_markov as '<seq> <scope>': the largest change
-- sequence number a statement wrote (0 when the scope row itself changed or went). The instance holding that scope's
-- chain in memory catches up from the change sequence; the one that wrote it already holds it (its watermark is at
-- least seq) and ignores it. NOTIFY is delivered at commit, and only if the transaction commits. See ADR 0004.

CREATE FUNCTION markov.announce_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('corvid_markov', max(seq)::text || ' ' || scope) FROM changed GROUP BY scope;
    RETURN NULL;
END $$;

CREATE TRIGGER message_added AFTER INSERT ON markov.message
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION markov.announce_changes();
CREATE TRIGGER message_replaced AFTER UPDATE ON markov.message
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION markov.announce_changes();
CREATE TRIGGER message_forgotten AFTER INSERT ON markov.forgotten
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION markov.announce_changes();

CREATE FUNCTION markov.announce_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('corvid_markov', '0 ' || OLD.scope);
    RETURN NULL;
END $$;

CREATE TRIGGER scope_changed AFTER UPDATE OR DELETE ON markov.scope
    FOR EACH ROW EXECUTE FUNCTION markov.announce_scope();
