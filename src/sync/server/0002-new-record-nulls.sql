-- Licence Desk central database, server schema version 2.
-- A desk's image of a new record names every column, the guarded ones too
-- (a draft broker's "registration_number": null). An edit that creates a
-- record may hold a guarded field only empty: a value there is what only an
-- act may give.
CREATE OR REPLACE FUNCTION ld.edit_refusal(p_entity text, p_base jsonb, p_mine jsonb, p_current ld.record)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  guarded text[] := ld.guarded_fields(p_entity);
  touched text[];
BEGIN
  IF cardinality(guarded) = 0 OR pg_has_role(session_user, 'ld_admin', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  IF p_current.record_id IS NULL THEN
    touched := ARRAY(SELECT g FROM unnest(guarded) AS g
                     WHERE p_mine ? g AND jsonb_typeof(p_mine->g) <> 'null'
                       AND NOT (g = 'status' AND p_mine->>g = 'draft'));
  ELSE
    touched := ARRAY(SELECT g FROM unnest(guarded) AS g
                     WHERE g = ANY (ld.changed_keys(p_base, p_mine)) AND p_mine->g IS DISTINCT FROM p_current.fields->g);
  END IF;
  IF cardinality(touched) = 0 THEN
    RETURN NULL;
  END IF;
  RETURN format('An edit cannot set %s of a %s: a new one starts as a draft, and its state changes only through '
                'its acts (submit, approve, issue, …), which the server checks.', array_to_string(touched, ', '),
                p_entity);
END
$$;
