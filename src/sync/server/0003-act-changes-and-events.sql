-- Licence Desk central database, server schema version 3.
--
-- A legal act takes from the desk's image only what the desk changed (the
-- keys whose values differ between the image it acted on and its own), as an
-- edit does. Version 2 laid the whole image over the record, so an act made
-- on a stale base put back fields another desk had changed since, and a
-- workflow step, whose image leaves out a case's serial numbers, dropped them.
-- A record new to the server (no base) still takes the whole image.
--
-- Screening runs, hit reviews and embargo exemptions name the case or
-- certificate they concern but carry a summary, not the record: they are
-- events, kept in the ledger, and no longer merged into the record's fields.

CREATE FUNCTION ld.act_changes(p_entity text, p_base jsonb, p_mine jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_base IS NULL THEN coalesce(p_mine, '{}') - ld.guarded_fields(p_entity)
              ELSE coalesce((SELECT jsonb_object_agg(k, p_mine->k) FROM unnest(ld.changed_keys(p_base, p_mine)) AS c (k)
                             WHERE p_mine ? k AND NOT k = ANY (ld.guarded_fields(p_entity))), '{}') END
$$;

-- The keys the desk removed from its image since its base.
CREATE FUNCTION ld.act_removals(p_base jsonb, p_mine jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(k), '{}') FROM unnest(ld.changed_keys(p_base, p_mine)) AS c (k)
  WHERE p_base IS NOT NULL AND NOT coalesce(p_mine, '{}') ? k
$$;

CREATE FUNCTION ld.is_event(p_action text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_action IN ('screen', 'review-hit', 'screen-consent', 'review-consent-hit', 'write-exemption',
                      'confirm-exemption')
$$;

CREATE FUNCTION ld.apply_act(p_rule ld.act_rule, p_mutation_id uuid, p_desk_id text, p_tx_id text,
                             p_record_id text, p_base jsonb, p_mine jsonb, p_current ld.record)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  refusal text;
  new_fields jsonb;
  new_version bigint := coalesce(p_current.row_version, 0) + 1;
  series text;
  taken bigint;
BEGIN
  IF NOT ld.login_holds(p_rule.roles) THEN
    refusal := format('%s may not %s a %s: it needs one of the roles %s.', session_user, p_rule.action,
                      p_rule.entity, array_to_string(p_rule.roles, ', '));
  ELSIF p_rule.from_status IS NULL AND p_current.record_id IS NOT NULL THEN
    refusal := format('This %s was already %s (%s).', p_rule.entity, p_current.fields->>'status',
                      coalesce(p_current.fields->>p_rule.numbered, p_record_id));
  ELSIF p_rule.from_status IS NOT NULL
        AND (p_current.record_id IS NULL OR NOT (p_current.fields->>'status' = ANY (p_rule.from_status))) THEN
    refusal := format('A %s that is %s cannot be given “%s” (it must be %s).', p_rule.entity,
                      coalesce(p_current.fields->>'status', 'not on the server'), p_rule.action,
                      array_to_string(p_rule.from_status, ' or '));
  ELSIF p_rule.other_than IS NOT NULL AND p_current.fields->>p_rule.other_than = session_user THEN
    refusal := format('%s did “%s” on this %s, so another person must %s it (four eyes).', session_user,
                      replace(p_rule.other_than, '_by', ''), p_rule.entity, p_rule.action);
  END IF;
  IF refusal IS NOT NULL THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_rule.entity, p_record_id, p_rule.action, 'refused',
                      p_current.row_version, refusal);
    RETURN QUERY SELECT 'refused'::text, p_current.row_version, refusal, p_current.fields;
    RETURN;
  END IF;

  new_fields := (coalesce(p_current.fields, '{}') - ld.act_removals(p_base, p_mine))
                || ld.act_changes(p_rule.entity, CASE WHEN p_current.record_id IS NULL THEN NULL ELSE p_base END,
                                  p_mine)
                || jsonb_build_object('status', p_rule.to_status, p_rule.action || '_by', session_user::text);
  IF p_rule.numbered IS NOT NULL THEN
    series := ld.number_series_for(p_rule.entity, new_fields);
    taken := ld.next_number(series);
    INSERT INTO ld.number_issued VALUES (series, taken, p_rule.entity, p_record_id, p_mutation_id);
    new_fields := new_fields || jsonb_build_object(p_rule.numbered, ld.format_number(series, taken));
  END IF;
  PERFORM ld.write_record(p_mutation_id, p_desk_id, p_tx_id, p_rule.entity, p_record_id, p_rule.action,
                          new_fields, new_version);
  RETURN QUERY SELECT 'applied'::text, new_version, NULL::text, NULL::jsonb;
END
$$;

CREATE OR REPLACE FUNCTION ld.push_mutation(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text,
                                            p_record_id text, p_action text, p_base jsonb, p_mine jsonb)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ld, pg_catalog, pg_temp AS $$
DECLARE
  earlier ld.mutation_ledger;
  current_row ld.record;
  rule ld.act_rule;
  refusal text;
BEGIN
  IF NOT pg_has_role(session_user, 'ld_desk', 'MEMBER') OR
     (pg_has_role(session_user, 'ld_auditor', 'MEMBER') AND NOT ld.login_holds(ARRAY['ld_clerk', 'ld_officer',
                                                                                    'ld_senior', 'ld_issuance']))
  THEN
    RAISE EXCEPTION '% may not change records on this server: it needs an office role other than auditor.',
      session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(p_entity || '/' || p_record_id, 0));
  SELECT * INTO earlier FROM ld.mutation_ledger l WHERE l.mutation_id = p_mutation_id;
  IF FOUND THEN
    RETURN QUERY SELECT earlier.outcome, earlier.row_version, earlier.detail,
                        (SELECT c.theirs FROM ld.conflict c WHERE c.mutation_id = p_mutation_id);
    RETURN;
  END IF;
  SELECT * INTO current_row FROM ld.record r WHERE r.entity = p_entity AND r.record_id = p_record_id;
  SELECT * INTO rule FROM ld.act_rule a WHERE a.entity = p_entity AND a.action = p_action;
  IF FOUND THEN
    RETURN QUERY SELECT * FROM ld.apply_act(rule, p_mutation_id, p_desk_id, p_tx_id, p_record_id, p_base, p_mine,
                                            current_row);
  ELSIF p_mine IS NULL OR jsonb_typeof(p_mine) <> 'object' OR ld.is_event(p_action) THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'applied',
                      current_row.row_version, 'event');
    RETURN QUERY SELECT 'applied'::text, current_row.row_version, 'event'::text, NULL::jsonb;
  ELSE
    refusal := ld.edit_refusal(p_entity, p_base, p_mine, current_row);
    IF refusal IS NOT NULL THEN
      PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'refused',
                        current_row.row_version, refusal);
      RETURN QUERY SELECT 'refused'::text, current_row.row_version, refusal, current_row.fields;
      RETURN;
    END IF;
    RETURN QUERY SELECT * FROM ld.apply_edit(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action,
                                             p_base, p_mine, current_row);
  END IF;
END
$$;

-- The version 2 act is no longer called.
DROP FUNCTION ld.apply_act(ld.act_rule, uuid, text, text, text, jsonb, ld.record);
