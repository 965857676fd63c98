-- Licence Desk central database, server schema version 4.
--
-- The number a legal act takes (a licence's, a broker registration's) is in
-- the push answer, so the desk that did the act writes it into its record
-- when it records the answer, in the same local transaction: the number a
-- desk shows first is the server's, and never changes. A retry of the same
-- mutation finds it again in ld.number_issued, by the mutation's id.
--
-- Each desk gets a short code of its own (D1, D2, …) the first time it
-- connects; the desk puts it in the case references it makes, so two desks
-- recording cases offline never make the same reference.

CREATE TABLE ld.desk (
  desk_id      text PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  first_login  name NOT NULL DEFAULT session_user,
  first_seen   timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE ld.desk_code_seq;
ALTER TABLE ld.desk ENABLE ROW LEVEL SECURITY;
CREATE POLICY desk_read ON ld.desk FOR SELECT USING (pg_has_role(session_user, 'ld_desk', 'MEMBER'));
GRANT SELECT ON ld.desk TO ld_desk;

-- The code of @p_desk_id, given once and kept: a desk asking again gets the
-- same one. Codes only grow, so none is ever given to two desks.
CREATE FUNCTION ld.desk_code(p_desk_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ld, pg_catalog, pg_temp AS $$
DECLARE
  found_code text;
BEGIN
  IF NOT pg_has_role(session_user, 'ld_desk', 'MEMBER') THEN
    RAISE EXCEPTION '% is not a Licence Desk login on this server.', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_desk_id IS NULL OR p_desk_id = '' THEN
    RAISE EXCEPTION 'A desk needs an identity to get its code.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('ld.desk/' || p_desk_id, 0));
  SELECT d.code INTO found_code FROM ld.desk d WHERE d.desk_id = p_desk_id;
  IF found_code IS NULL THEN
    found_code := 'D' || nextval('ld.desk_code_seq')::text;
    INSERT INTO ld.desk (desk_id, code) VALUES (p_desk_id, found_code);
  END IF;
  RETURN found_code;
END
$$;
REVOKE ALL ON FUNCTION ld.desk_code(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ld.desk_code(text) TO ld_desk;

-- The number a mutation took, as the desks write it; NULL when it took none.
CREATE FUNCTION ld.number_of(p_mutation_id uuid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT ld.format_number(n.series, n.number) FROM ld.number_issued n WHERE n.mutation_id = p_mutation_id
$$;

-- The answer gains the number; a function's result type changes only by
-- dropping it, so its grant is given again below.
DROP FUNCTION ld.push_mutation(uuid, text, text, text, text, text, jsonb, jsonb);

CREATE FUNCTION ld.push_mutation(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text,
                                 p_record_id text, p_action text, p_base jsonb, p_mine jsonb)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb, number text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ld, pg_catalog, pg_temp AS $$
DECLARE
  earlier ld.mutation_ledger;
  current_row ld.record;
  rule ld.act_rule;
  refusal text;
  act_outcome text;
  act_version bigint;
  act_detail text;
  act_theirs jsonb;
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
    -- A retry: the first answer, with the number the act took then.
    RETURN QUERY SELECT earlier.outcome, earlier.row_version, earlier.detail,
                        (SELECT c.theirs FROM ld.conflict c WHERE c.mutation_id = p_mutation_id),
                        ld.number_of(p_mutation_id);
    RETURN;
  END IF;
  SELECT * INTO current_row FROM ld.record r WHERE r.entity = p_entity AND r.record_id = p_record_id;
  SELECT * INTO rule FROM ld.act_rule a WHERE a.entity = p_entity AND a.action = p_action;
  IF FOUND THEN
    -- The act first, in a statement of its own: the number it took is read
    -- by the next statement, which sees what this one wrote.
    SELECT a.outcome, a.row_version, a.detail, a.theirs INTO act_outcome, act_version, act_detail, act_theirs
      FROM ld.apply_act(rule, p_mutation_id, p_desk_id, p_tx_id, p_record_id, p_base, p_mine, current_row) AS a;
    RETURN QUERY SELECT act_outcome, act_version, act_detail, act_theirs, ld.number_of(p_mutation_id);
  ELSIF p_mine IS NULL OR jsonb_typeof(p_mine) <> 'object' OR ld.is_event(p_action) THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'applied',
                      current_row.row_version, 'event');
    RETURN QUERY SELECT 'applied'::text, current_row.row_version, 'event'::text, NULL::jsonb, NULL::text;
  ELSE
    refusal := ld.edit_refusal(p_entity, p_base, p_mine, current_row);
    IF refusal IS NOT NULL THEN
      PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'refused',
                        current_row.row_version, refusal);
      RETURN QUERY SELECT 'refused'::text, current_row.row_version, refusal, current_row.fields, NULL::text;
      RETURN;
    END IF;
    RETURN QUERY SELECT e.outcome, e.row_version, e.detail, e.theirs, NULL::text
                 FROM ld.apply_edit(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action,
                                    p_base, p_mine, current_row) AS e;
  END IF;
END
$$;
REVOKE ALL ON FUNCTION ld.push_mutation(uuid, text, text, text, text, text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ld.push_mutation(uuid, text, text, text, text, text, jsonb, jsonb) TO ld_desk;
