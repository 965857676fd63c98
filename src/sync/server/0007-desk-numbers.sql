-- Licence Desk central database, server schema version 7: a number a desk
-- printed before it ever connected is never lost, and only such a number is
-- claimed.
--
-- Version 6 refused an act whose claimed number was already another
-- record's, so the record and every later act of it stayed at its desk. Now
-- the record is written all the same: it keeps the number it was printed
-- with as its desk number (field 'desk_number', which finds the printed
-- document at every desk and here) and takes the next number of its series
-- from the server, beside it. The answer is 'applied', with a sentence saying
-- so in its detail (kept in the ledger, so a retry says it again); the desk
-- shows it as a notice to acknowledge.
--
-- Which claims count. A desk declares, when it connects, the mutations of
-- numbered acts it did on its own (ld.declare_claims); the server takes that
-- list only while the desk has pushed nothing (its ledger has no row of the
-- desk), and a claim is honoured only for a mutation on it. So a desk that
-- once pushed can claim nothing more: from then on its acts wait for the
-- server's numbers. Everything here is the server's own record (its ledger,
-- its clock); nothing the desk says about when it worked is believed.

-- The numbered acts a desk did before it first pushed, as it declared them.
CREATE TABLE ld.desk_claim (
  mutation_id  uuid PRIMARY KEY,
  desk_id      text NOT NULL REFERENCES ld.desk (desk_id),
  number       text NOT NULL,
  declared_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_claim_number ON ld.desk_claim (desk_id, number);
ALTER TABLE ld.desk_claim ENABLE ROW LEVEL SECURITY;
CREATE POLICY desk_claim_read ON ld.desk_claim FOR SELECT USING (pg_has_role(session_user, 'ld_desk', 'MEMBER'));
GRANT SELECT ON ld.desk_claim TO ld_desk;

-- The printed number is the desks' to show, the server's to set: an edit
-- never changes it.
CREATE OR REPLACE FUNCTION ld.guarded_fields(p_entity text) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT f), '{}') FROM ld.act_rule r,
    LATERAL unnest(ARRAY['status', r.action || '_by', r.numbered, CASE WHEN r.numbered IS NOT NULL
                                                                      THEN 'desk_number' END]) AS g (f)
  WHERE r.entity = p_entity AND f IS NOT NULL
$$;

-- Records @p_mutations (numbered acts @p_desk_id did on its own), with the
-- numbers @p_numbers they printed, as its claims, when the desk has pushed nothing yet and is the session login's
-- (the login that first connected it). Returns how many the server holds for
-- the desk; 0 and nothing recorded once the desk has pushed.
CREATE FUNCTION ld.declare_claims(p_desk_id text, p_mutations uuid[], p_numbers text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ld, pg_catalog, pg_temp AS $$
DECLARE
  held integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('ld.desk/' || p_desk_id, 0));
  IF NOT EXISTS (SELECT 1 FROM ld.desk d WHERE d.desk_id = p_desk_id AND d.first_login = session_user)
     OR EXISTS (SELECT 1 FROM ld.mutation_ledger l WHERE l.desk_id = p_desk_id) THEN
    RETURN 0;
  END IF;
  INSERT INTO ld.desk_claim (mutation_id, desk_id, number)
    SELECT m, p_desk_id, n FROM unnest(coalesce(p_mutations, '{}'), coalesce(p_numbers, '{}')) AS c (m, n)
     WHERE m IS NOT NULL AND n IS NOT NULL
    ON CONFLICT (mutation_id) DO NOTHING;
  SELECT count(*) INTO held FROM ld.desk_claim c WHERE c.desk_id = p_desk_id;
  RETURN held;
END
$$;
REVOKE ALL ON FUNCTION ld.declare_claims(text, uuid[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ld.declare_claims(text, uuid[], text[]) TO ld_desk;

-- A desk set up for a server before codes were given made its case
-- references with "S" and six hex digits of its store's identity. On its
-- first connection the server keeps that code as the desk's when no other
-- desk holds it (its references then stay the desk's own), and gives a new
-- "D" code otherwise. A desk already known keeps the code it has.
CREATE FUNCTION ld.desk_code(p_desk_id text, p_fallback text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ld, pg_catalog, pg_temp AS $$
BEGIN
  IF p_fallback ~ '^S[0-9A-F]{6}$' AND pg_has_role(session_user, 'ld_desk', 'MEMBER') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('ld.desk/' || p_desk_id, 0));
    INSERT INTO ld.desk (desk_id, code) VALUES (p_desk_id, p_fallback) ON CONFLICT DO NOTHING;
  END IF;
  RETURN ld.desk_code(p_desk_id);
END
$$;
REVOKE ALL ON FUNCTION ld.desk_code(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ld.desk_code(text, text) TO ld_desk;

-- Whether @p_claimed is free for the record: taken by no number issued and
-- by no other record of its kind (printed numbers of version 6 included).
-- Takes its series' lock, as ld.next_number() does.
CREATE FUNCTION ld.claim_is_free(p_rule ld.act_rule, p_claimed text, p_record_id text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  claimed_series text := regexp_replace(p_claimed, '[/-][0-9]+$', '');
  claimed_number bigint := substring(p_claimed FROM '([0-9]+)$')::bigint;
BEGIN
  INSERT INTO ld.number_series (series) VALUES (claimed_series) ON CONFLICT (series) DO NOTHING;
  PERFORM 1 FROM ld.number_series s WHERE s.series = claimed_series FOR UPDATE;
  RETURN NOT EXISTS (SELECT 1 FROM ld.number_issued n WHERE n.series = claimed_series AND n.number = claimed_number)
     AND NOT EXISTS (SELECT 1 FROM ld.record r WHERE r.entity = p_rule.entity AND r.record_id <> p_record_id
                     AND (r.fields->>p_rule.numbered = p_claimed OR r.fields->>'desk_number' = p_claimed));
END
$$;

CREATE OR REPLACE FUNCTION ld.apply_act(p_rule ld.act_rule, p_mutation_id uuid, p_desk_id text, p_tx_id text,
                                        p_record_id text, p_base jsonb, p_mine jsonb, p_current ld.record)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  refusal text;
  notice text;
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
      IF claimed IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ld.desk_claim c WHERE c.mutation_id = p_mutation_id
                                                AND c.desk_id = p_desk_id AND c.number = claimed) THEN
        refusal := format('Number %s was not given by this desk before it first connected to the central database, '
                          'so the server does not take it: a desk that syncs gets its numbers from the server. '
                          'Issue the %s again to get one.', claimed, ld.entity_words(p_rule.entity));
      ELSIF claimed IS NOT NULL AND ld.claim_is_free(p_rule, claimed, p_record_id) THEN
        INSERT INTO ld.number_issued VALUES (regexp_replace(claimed, '[/-][0-9]+$', ''),
                                             substring(claimed FROM '([0-9]+)$')::bigint, p_rule.entity,
                                             p_record_id, p_mutation_id);
        new_fields := new_fields || jsonb_build_object(p_rule.numbered, claimed);
      ELSE
        taken := ld.next_number(series);
        -- A number this desk printed itself and claims later in its push is
        -- passed over here (its claim takes it then), so the desk never
        -- holds two records of one number, even for a moment.
        WHILE claimed IS NOT NULL AND EXISTS (SELECT 1 FROM ld.desk_claim c WHERE c.desk_id = p_desk_id
                                                AND c.number = ld.format_number(series, taken)) LOOP
          taken := ld.next_number(series);
        END LOOP;
        INSERT INTO ld.number_issued VALUES (series, taken, p_rule.entity, p_record_id, p_mutation_id);
        new_fields := new_fields || jsonb_build_object(p_rule.numbered, ld.format_number(series, taken));
        IF claimed IS NOT NULL THEN
          -- The printed number stays the record's, beside the office's.
          new_fields := new_fields || jsonb_build_object('desk_number', claimed);
          notice := format('Number %s, which this desk gave before it connected, is another %s''s on the central '
                           'database. This %s is numbered %s there and keeps %s as its desk number: the printed '
                           'document stays valid and is found by either number.', claimed,
                           ld.entity_words(p_rule.entity), ld.entity_words(p_rule.entity),
                           ld.format_number(series, taken), claimed);
        END IF;
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
  IF notice IS NOT NULL THEN
    UPDATE ld.mutation_ledger l SET detail = notice WHERE l.mutation_id = p_mutation_id;
  END IF;
  RETURN QUERY SELECT 'applied'::text, new_version, notice, NULL::jsonb;
END
$$;

-- Version 6's reservation, with its refusal, is no longer called.
DROP FUNCTION ld.reserve_claimed(ld.act_rule, text, text, uuid);

-- The printed numbers on the server are found as fast as the office's.
CREATE INDEX record_desk_number ON ld.record ((fields->>'desk_number')) WHERE fields ? 'desk_number';
