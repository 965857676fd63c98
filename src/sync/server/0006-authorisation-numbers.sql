-- Licence Desk central database, server schema version 6: authorisation numbers, and numbers a desk
-- gave before it ever connected kept as printed.
--
-- A brokering authorisation's number (BA-YYYY-NNNNN) comes from the server,
-- as a licence's and a broker registration's do: gapless in its year's
-- series, never reused, in the push answer of the desk that authorised the
-- deal. The desk keeps the authorisation pending until then. The act is
-- the senior officer's, as the desks' LD_PERMISSION_DECIDE_BROKERS is, and
-- an authorisation is written once: a second "authorise" of the same record
-- is refused (from_status NULL). The number is a guarded field, so a desk
-- never sets it.

INSERT INTO ld.act_rule VALUES
  ('broker_authorisation', 'authorise', NULL, 'granted', ARRAY['ld_senior'], NULL, 'number');

-- Until this version the desks numbered authorisations themselves and pushed
-- them as plain edits, so the server already holds printed BA- numbers that no
-- series counted. They are taken: each is entered as issued to its record, and
-- each year's counter starts after the highest, so the server never gives one
-- of them again (where two desks printed the same number before, both records
-- keep it and the first is entered).
CREATE TEMPORARY TABLE printed_authorisation ON COMMIT DROP AS
  SELECT substring(r.fields->>'number' FROM '^(BA-[0-9]{4})-') AS series,
         substring(r.fields->>'number' FROM '([0-9]{5})$')::bigint AS number, r.record_id
    FROM ld.record r
   WHERE r.entity = 'broker_authorisation' AND r.fields->>'number' ~ '^BA-[0-9]{4}-[0-9]{5}$';
INSERT INTO ld.number_series (series, last_number)
  SELECT series, max(number) FROM printed_authorisation GROUP BY series
  ON CONFLICT (series) DO UPDATE SET last_number = greatest(ld.number_series.last_number, EXCLUDED.last_number);
INSERT INTO ld.number_issued (series, number, entity, record_id, mutation_id)
  SELECT DISTINCT ON (series, number) series, number, 'broker_authorisation', record_id,
         '00000000-0000-0000-0000-000000000000'::uuid
    FROM printed_authorisation ORDER BY series, number, record_id
  ON CONFLICT DO NOTHING;

-- The year is the server's, as in the other series: the year of the act.
CREATE OR REPLACE FUNCTION ld.number_series_for(p_entity text, p_fields jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE p_entity
    WHEN 'licence' THEN 'LIC/' || CASE p_fields->>'kind' WHEN 'export' THEN 'EX' WHEN 'import' THEN 'IM'
                                   WHEN 'transit' THEN 'TR' WHEN 'brokering' THEN 'BR' WHEN 're-export' THEN 'RX'
                                   ELSE 'XX' END || '/' || to_char(now(), 'YYYY')
    WHEN 'broker_authorisation' THEN 'BA-' || to_char(now(), 'YYYY')
    ELSE 'BR-' || to_char(now(), 'YYYY') END
$$;

-- A record's kind as the officers reading a refusal name it.
CREATE FUNCTION ld.entity_words(p_entity text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_entity WHEN 'broker_authorisation' THEN 'brokering authorisation'
                       ELSE replace(p_entity, '_', ' ') END
$$;

-- A number a desk gave on its own, before it ever connected (a standalone
-- desk numbers its licences, registrations and authorisations itself), was
-- printed: it must never change. When such an act is pushed, the server
-- keeps the number the desk claims and reserves it in its series, so the
-- server never gives it again; it refuses the act only when the number is
-- already another record's (a collision), and the desk shows the refusal in
-- its conflict list, keeping its printed number. A desk that syncs never
-- claims one: its acts wait for the server's number. A claim must have the
-- national form of the act's series (any year).
CREATE FUNCTION ld.claimed_number(p_rule ld.act_rule, p_mine jsonb, p_series text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT c FROM (SELECT coalesce(nullif(p_mine->>p_rule.numbered, ''), nullif(p_mine->>'number', '')) AS c) AS m
  WHERE c ~ '^(LIC/[A-Z]{2}/[0-9]{4}/[0-9]{6}|B[RA]-[0-9]{4}-[0-9]{5})$'
    AND left(c, length(p_series) - 4) = left(p_series, length(p_series) - 4)
$$;

-- Takes the next number of @p_series that no claim reserved; the counter row
-- stays locked until the caller's transaction ends. A reserved number is
-- used by the record that claimed it, so the series still leaves none out.
CREATE OR REPLACE FUNCTION ld.next_number(p_series text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  taken bigint;
BEGIN
  INSERT INTO ld.number_series (series) VALUES (p_series) ON CONFLICT (series) DO NOTHING;
  LOOP
    UPDATE ld.number_series SET last_number = last_number + 1 WHERE series = p_series
      RETURNING last_number INTO taken;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM ld.number_issued n WHERE n.series = p_series AND n.number = taken);
  END LOOP;
  RETURN taken;
END
$$;

-- Reserves @p_claimed for the record, under its series' lock; NULL when it
-- is free and now the record's, else why it cannot be.
CREATE FUNCTION ld.reserve_claimed(p_rule ld.act_rule, p_claimed text, p_record_id text, p_mutation_id uuid)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  claimed_series text := regexp_replace(p_claimed, '[/-][0-9]+$', '');
  claimed_number bigint := substring(p_claimed FROM '([0-9]+)$')::bigint;
BEGIN
  INSERT INTO ld.number_series (series) VALUES (claimed_series) ON CONFLICT (series) DO NOTHING;
  PERFORM 1 FROM ld.number_series s WHERE s.series = claimed_series FOR UPDATE;
  IF EXISTS (SELECT 1 FROM ld.number_issued n WHERE n.series = claimed_series AND n.number = claimed_number)
     OR EXISTS (SELECT 1 FROM ld.record r WHERE r.entity = p_rule.entity AND r.record_id <> p_record_id
                AND r.fields->>p_rule.numbered = p_claimed) THEN
    RETURN format('Number %s, which this desk gave before it connected, is already another %s''s on the central '
                  'database; this desk keeps it as printed, and the office must settle the two.', p_claimed,
                  ld.entity_words(p_rule.entity));
  END IF;
  INSERT INTO ld.number_issued VALUES (claimed_series, claimed_number, p_rule.entity, p_record_id, p_mutation_id);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION ld.apply_act(p_rule ld.act_rule, p_mutation_id uuid, p_desk_id text, p_tx_id text,
                                        p_record_id text, p_base jsonb, p_mine jsonb, p_current ld.record)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  refusal text;
  new_fields jsonb;
  new_version bigint := coalesce(p_current.row_version, 0) + 1;
  series text;
  taken bigint;
  claimed text;
BEGIN
  IF NOT ld.login_holds(p_rule.roles) THEN
    refusal := format('%s may not %s a %s: it needs one of the roles %s.', session_user, p_rule.action,
                      ld.entity_words(p_rule.entity), array_to_string(p_rule.roles, ', '));
  ELSIF p_rule.from_status IS NULL AND p_current.record_id IS NOT NULL THEN
    refusal := format('This %s was already %s (%s).', ld.entity_words(p_rule.entity), p_current.fields->>'status',
                      coalesce(p_current.fields->>p_rule.numbered, p_record_id));
  ELSIF p_rule.from_status IS NOT NULL
        AND (p_current.record_id IS NULL OR NOT (p_current.fields->>'status' = ANY (p_rule.from_status))) THEN
    refusal := format('A %s that is %s cannot be given “%s” (it must be %s).', ld.entity_words(p_rule.entity),
                      coalesce(p_current.fields->>'status', 'not on the server'), p_rule.action,
                      array_to_string(p_rule.from_status, ' or '));
  ELSIF p_rule.other_than IS NOT NULL AND p_current.fields->>p_rule.other_than = session_user THEN
    refusal := format('%s did “%s” on this %s, so another person must %s it (four eyes).', session_user,
                      replace(p_rule.other_than, '_by', ''), ld.entity_words(p_rule.entity), p_rule.action);
  END IF;

  IF refusal IS NULL THEN
    new_fields := (coalesce(p_current.fields, '{}') - ld.act_removals(p_base, p_mine))
                  || ld.act_changes(p_rule.entity, CASE WHEN p_current.record_id IS NULL THEN NULL ELSE p_base END,
                                    p_mine)
                  || jsonb_build_object('status', p_rule.to_status, p_rule.action || '_by', session_user::text);
    IF p_rule.numbered IS NOT NULL THEN
      series := ld.number_series_for(p_rule.entity, new_fields);
      claimed := ld.claimed_number(p_rule, p_mine, series);
      IF claimed IS NOT NULL THEN
        refusal := ld.reserve_claimed(p_rule, claimed, p_record_id, p_mutation_id);
        new_fields := new_fields || jsonb_build_object(p_rule.numbered, claimed);
      ELSE
        taken := ld.next_number(series);
        INSERT INTO ld.number_issued VALUES (series, taken, p_rule.entity, p_record_id, p_mutation_id);
        new_fields := new_fields || jsonb_build_object(p_rule.numbered, ld.format_number(series, taken));
      END IF;
    END IF;
  END IF;
  IF refusal IS NOT NULL THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_rule.entity, p_record_id, p_rule.action, 'refused',
                      p_current.row_version, refusal);
    RETURN QUERY SELECT 'refused'::text, p_current.row_version, refusal, p_current.fields;
    RETURN;
  END IF;
  PERFORM ld.write_record(p_mutation_id, p_desk_id, p_tx_id, p_rule.entity, p_record_id, p_rule.action,
                          new_fields, new_version);
  RETURN QUERY SELECT 'applied'::text, new_version, NULL::text, NULL::jsonb;
END
$$;
