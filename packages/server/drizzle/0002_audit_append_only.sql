-- The audit trail is append-only: refuse UPDATE, DELETE and TRUNCATE in the database itself.
-- Restoring a backup that replaces rows disables these two triggers inside its transaction
-- (docs/briefs/auth-contract.md).
CREATE OR REPLACE FUNCTION qunce_audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION qunce_audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION qunce_audit_log_refuse_change();
--> statement-breakpoint
-- The chain head: genesis hash is 64 zeros.
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING;
