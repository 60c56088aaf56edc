-- Each server process may keep the clinic's settings versions in memory (lib/data/config.ts). Every change
-- to clinic_configs, whichever instance or tool made it, is announced to every process, which drops them.
CREATE FUNCTION "notify_config_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('isotrack_config', TG_OP);
  RETURN NULL;
END $$;

CREATE TRIGGER "clinic_configs_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "clinic_configs" FOR EACH STATEMENT
  EXECUTE FUNCTION "notify_config_change"();
