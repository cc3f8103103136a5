-- Whatever changes what a session grants (its revocation or expiry, its user's status, roles, name
-- or unit, a unit's path) tells every API process on channel session_grants, so their in-process
-- session caches (api/auth/sessions.ts) evict it. NOTIFY is delivered at commit, and not at all on
-- rollback. Payload: 'u<user id>' for one user's sessions, '*' for all of them.
CREATE FUNCTION session_grants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' OR TG_TABLE_NAME = 'units' THEN
    PERFORM pg_notify('session_grants', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('session_grants', 'u' || OLD.id);
  ELSE
    PERFORM pg_notify('session_grants', 'u' || OLD.user_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_grants_changed AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
-- Not the sign-in counters (failed_logins, locked_until): every sign-in writes them, and a lockout
-- refuses new sign-ins, not sessions already open.
CREATE TRIGGER users_grants_changed AFTER UPDATE ON users
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status OR OLD.roles IS DISTINCT FROM NEW.roles
    OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.username IS DISTINCT FROM NEW.username
    OR OLD.real_name IS DISTINCT FROM NEW.real_name OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
  ) EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
CREATE TRIGGER users_deleted AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
CREATE TRIGGER units_grants_changed AFTER UPDATE OF path OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION session_grants_changed();
--> statement-breakpoint
CREATE TRIGGER units_truncated AFTER TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION session_grants_changed();
