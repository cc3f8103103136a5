-- An incident report, once submitted, is never changed (issue 12: each stage is an immutable,
-- hash-linked version). The database refuses UPDATE whatever the application does; a removed
-- version breaks the hash chain that db/incident-reports.ts verifies.
CREATE FUNCTION incident_reports_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_reports are immutable: UPDATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_reports_immutable BEFORE UPDATE ON incident_reports
  FOR EACH ROW EXECUTE FUNCTION incident_reports_refuse_update();
