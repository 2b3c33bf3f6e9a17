"""PostgreSQL refuses to edit or delete audit rows, whatever the client (a psql session included).

Allowed: an UPDATE that only empties `actor_id` or `network_id` (what ON DELETE SET NULL does when an
account or a network goes), and anything inside the rights jobs' transactions, which set
`entrepairs.audit_maintenance` (audit.models.maintenance()). SQLite (the embedded mode) relies on the
model and queryset guards."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('entrepairs.audit_maintenance', true), 'off') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
       AND NEW.object_id = OLD.object_id AND NEW.detail = OLD.detail AND NEW.at = OLD.at
       AND NEW.id = OLD.id
       AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
       AND (NEW.network_id IS NOT DISTINCT FROM OLD.network_id OR NEW.network_id IS NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_append_only()
"""
BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(TRIGGER)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_actor_network_append_only")]
    operations = [migrations.RunPython(forward, backward)]
