-- Licence Desk central database, server schema version 1.
-- Installed by `licence-desk-admin init-server`, in one transaction, by a role
-- that may create roles (the office's database owner). Desks never write these
-- tables directly: they call ld.push_mutation(), a SECURITY DEFINER function
-- that checks who the session's login is, and read through row-level security.

-- The office's roles (group roles, no login). A desk user is a LOGIN role that
-- is a member of one of them, so the server knows who did what.
DO $$
DECLARE
  office_role text;
BEGIN
  FOREACH office_role IN ARRAY ARRAY['ld_desk', 'ld_clerk', 'ld_officer', 'ld_senior', 'ld_issuance',
                                     'ld_auditor', 'ld_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = office_role) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', office_role);
    END IF;
  END LOOP;
END
$$;
GRANT ld_desk TO ld_clerk, ld_officer, ld_senior, ld_issuance, ld_auditor, ld_admin;

CREATE SCHEMA ld;
REVOKE ALL ON SCHEMA ld FROM PUBLIC;
GRANT USAGE ON SCHEMA ld TO ld_desk;
-- Only what is granted below may be called: the internals run inside
-- ld.push_mutation() with its owner's rights, never on their own.
ALTER DEFAULT PRIVILEGES IN SCHEMA ld REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The system of record: one row per record any desk holds, its fields as the
-- desks' after-images hold them, and a version the server alone advances.
CREATE TABLE ld.record (
  entity       text NOT NULL,
  record_id    text NOT NULL,
  row_version  bigint NOT NULL,
  fields       jsonb NOT NULL,
  updated_by   name NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity, record_id)
);

-- Every change to ld.record, in the order desks must apply them. xid is the
-- writing transaction's id: a puller reads only below the oldest transaction
-- still running (pg_snapshot_xmin), so a transaction that commits late is never
-- skipped, and rows of one record come in row_version order.
CREATE TABLE ld.change_log (
  seq          bigserial PRIMARY KEY,
  xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  entity       text NOT NULL,
  record_id    text NOT NULL,
  row_version  bigint NOT NULL,
  action       text NOT NULL,
  fields       jsonb NOT NULL,
  mutation_id  uuid NOT NULL,
  desk_id      text NOT NULL,
  login        name NOT NULL DEFAULT session_user,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_order ON ld.change_log (xid, seq);

-- Every mutation a desk pushed, once: a retry finds its first answer here and
-- applies nothing again.
CREATE TABLE ld.mutation_ledger (
  mutation_id  uuid PRIMARY KEY,
  desk_id      text NOT NULL,
  tx_id        text NOT NULL,
  entity       text NOT NULL,
  record_id    text NOT NULL,
  action       text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('applied', 'conflict', 'refused')),
  row_version  bigint,
  detail       text,
  login        name NOT NULL DEFAULT session_user,
  applied_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mutation_ledger_desk ON ld.mutation_ledger (desk_id);

-- A change made on a stale base that touched fields changed since: kept with
-- base, mine and theirs for a person to resolve.
CREATE TABLE ld.conflict (
  mutation_id  uuid PRIMARY KEY REFERENCES ld.mutation_ledger (mutation_id),
  entity       text NOT NULL,
  record_id    text NOT NULL,
  base         jsonb,
  mine         jsonb NOT NULL,
  theirs       jsonb NOT NULL,
  clashing     text[] NOT NULL,
  resolved_at  timestamptz
);

-- Gapless numbering: a series' counter row is locked by the transaction that
-- takes a number, so a rolled-back act gives its number back and two desks
-- never get the same one.
CREATE TABLE ld.number_series (
  series       text PRIMARY KEY,
  last_number  bigint NOT NULL DEFAULT 0 CHECK (last_number >= 0)
);

CREATE TABLE ld.number_issued (
  series       text NOT NULL REFERENCES ld.number_series (series),
  number       bigint NOT NULL,
  entity       text NOT NULL,
  record_id    text NOT NULL,
  mutation_id  uuid NOT NULL,
  PRIMARY KEY (series, number),
  UNIQUE (entity, record_id)
);

-- Legal acts are commands: what state they start from, what they lead to, who
-- may do them, and which earlier act's login must differ (four eyes).
CREATE TABLE ld.act_rule (
  entity       text NOT NULL,
  action       text NOT NULL,
  from_status  text[],          -- NULL: the record must not exist yet
  to_status    text NOT NULL,
  roles        text[] NOT NULL,
  other_than   text,            -- a field holding the login that must not be the actor's
  numbered     text,            -- the field that gets a number from the server
  PRIMARY KEY (entity, action)
);

-- The same state machines as the desks' (src/core/ld-case-workflow.c,
-- ld-broker.c, ld-licence.c), with the office roles that may act.
INSERT INTO ld.act_rule VALUES
  ('application', 'submit', ARRAY['draft'], 'submitted', ARRAY['ld_officer', 'ld_senior', 'ld_clerk'], NULL, NULL),
  ('application', 'assess', ARRAY['submitted'], 'under_assessment', ARRAY['ld_officer', 'ld_senior'], NULL, NULL),
  ('application', 'request_info', ARRAY['under_assessment'], 'information_requested',
   ARRAY['ld_officer', 'ld_senior'], NULL, NULL),
  ('application', 'answer_info', ARRAY['information_requested'], 'under_assessment',
   ARRAY['ld_officer', 'ld_senior', 'ld_clerk'], NULL, NULL),
  ('application', 'recommend_approval', ARRAY['under_assessment'], 'recommended_approval',
   ARRAY['ld_officer', 'ld_senior'], NULL, NULL),
  ('application', 'recommend_refusal', ARRAY['under_assessment'], 'recommended_refusal',
   ARRAY['ld_officer', 'ld_senior'], NULL, NULL),
  ('application', 'approve', ARRAY['recommended_approval'], 'approved', ARRAY['ld_senior'],
   'recommend_approval_by', NULL),
  ('application', 'refuse', ARRAY['recommended_approval', 'recommended_refusal'], 'refused', ARRAY['ld_senior'],
   NULL, NULL),
  ('application', 'withdraw', ARRAY['draft', 'submitted'], 'withdrawn', ARRAY['ld_officer', 'ld_senior', 'ld_clerk'],
   NULL, NULL),
  ('licence', 'issue', NULL, 'issued', ARRAY['ld_senior', 'ld_issuance'], NULL, 'licence_number'),
  ('licence', 'suspend', ARRAY['issued', 'partly_used'], 'suspended', ARRAY['ld_senior'], NULL, NULL),
  ('licence', 'reinstate', ARRAY['suspended'], 'issued', ARRAY['ld_senior'], NULL, NULL),
  ('licence', 'revoke', ARRAY['issued', 'partly_used', 'suspended'], 'revoked', ARRAY['ld_senior'], NULL, NULL),
  ('broker', 'submit', ARRAY['draft'], 'submitted', ARRAY['ld_clerk', 'ld_officer', 'ld_senior'], NULL, NULL),
  ('broker', 'review', ARRAY['submitted'], 'under_review', ARRAY['ld_clerk', 'ld_officer', 'ld_senior'], NULL, NULL),
  ('broker', 'register', ARRAY['submitted', 'under_review'], 'registered', ARRAY['ld_senior'], 'submit_by',
   'registration_number'),
  ('broker', 'refuse', ARRAY['submitted', 'under_review'], 'refused', ARRAY['ld_senior'], NULL, NULL),
  ('broker', 'suspend', ARRAY['registered'], 'suspended', ARRAY['ld_senior'], NULL, NULL),
  ('broker', 'reinstate', ARRAY['suspended'], 'registered', ARRAY['ld_senior'], NULL, NULL),
  ('broker', 'revoke', ARRAY['registered', 'suspended'], 'revoked', ARRAY['ld_senior'], NULL, NULL);

CREATE TABLE ld.schema_info (
  only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version      integer NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now()
);

-- Whether the session's login holds one of @roles (administrators hold all).
CREATE FUNCTION ld.login_holds(roles text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM unnest(roles || ARRAY['ld_admin']) AS r (name)
                 WHERE pg_has_role(session_user, r.name, 'MEMBER'))
$$;

-- Registers only some roles read: the national denial register and profiles'
-- credentials stay with officers, seniors, auditors and administrators.
CREATE FUNCTION ld.may_read(p_entity text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_entity IN ('denial', 'user_credential')
              THEN ld.login_holds(ARRAY['ld_officer', 'ld_senior', 'ld_auditor'])
              ELSE pg_has_role(session_user, 'ld_desk', 'MEMBER') END
$$;

GRANT EXECUTE ON FUNCTION ld.login_holds(text[]), ld.may_read(text) TO ld_desk;

ALTER TABLE ld.record ENABLE ROW LEVEL SECURITY;
ALTER TABLE ld.change_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE ld.mutation_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE ld.conflict ENABLE ROW LEVEL SECURITY;
CREATE POLICY record_read ON ld.record FOR SELECT USING (ld.may_read(entity));
CREATE POLICY change_log_read ON ld.change_log FOR SELECT USING (ld.may_read(entity));
CREATE POLICY ledger_read ON ld.mutation_ledger FOR SELECT
  USING (login = session_user OR ld.login_holds(ARRAY['ld_auditor']));
CREATE POLICY conflict_read ON ld.conflict FOR SELECT USING (ld.may_read(entity));
GRANT SELECT ON ld.record, ld.change_log, ld.mutation_ledger, ld.conflict, ld.number_issued, ld.act_rule,
  ld.schema_info TO ld_desk;

-- Takes the next number of @series; the counter row stays locked until the
-- caller's transaction ends.
CREATE FUNCTION ld.next_number(p_series text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  taken bigint;
BEGIN
  INSERT INTO ld.number_series (series) VALUES (p_series) ON CONFLICT (series) DO NOTHING;
  UPDATE ld.number_series SET last_number = last_number + 1 WHERE series = p_series
    RETURNING last_number INTO taken;
  RETURN taken;
END
$$;

-- The national form of a number: LIC/TT/YYYY/NNNNNN for licences,
-- BR-YYYY-NNNNN for broker registrations. The year is the server's.
CREATE FUNCTION ld.number_series_for(p_entity text, p_fields jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE p_entity
    WHEN 'licence' THEN 'LIC/' || CASE p_fields->>'kind' WHEN 'export' THEN 'EX' WHEN 'import' THEN 'IM'
                                   WHEN 'transit' THEN 'TR' WHEN 'brokering' THEN 'BR' WHEN 're-export' THEN 'RX'
                                   ELSE 'XX' END || '/' || to_char(now(), 'YYYY')
    ELSE 'BR-' || to_char(now(), 'YYYY') END
$$;

CREATE FUNCTION ld.format_number(p_series text, p_number bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_series LIKE 'LIC/%' THEN p_series || '/' || lpad(p_number::text, 6, '0')
              ELSE p_series || '-' || lpad(p_number::text, 5, '0') END
$$;

-- The keys whose values differ between two images (a missing key is null).
CREATE FUNCTION ld.changed_keys(p_from jsonb, p_to jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(k ORDER BY k), '{}')
  FROM (SELECT jsonb_object_keys(coalesce(p_from, '{}')) UNION SELECT jsonb_object_keys(coalesce(p_to, '{}'))) AS keys (k)
  WHERE coalesce(p_from, '{}')->k IS DISTINCT FROM coalesce(p_to, '{}')->k
$$;

-- Writes the record's new state, its change-log row and the ledger's answer.
CREATE FUNCTION ld.write_record(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text,
                                p_record_id text, p_action text, p_fields jsonb, p_version bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld.record AS r (entity, record_id, row_version, fields, updated_by)
    VALUES (p_entity, p_record_id, p_version, p_fields, session_user)
  ON CONFLICT (entity, record_id) DO UPDATE
    SET row_version = EXCLUDED.row_version, fields = EXCLUDED.fields, updated_by = EXCLUDED.updated_by,
        updated_at = now();
  INSERT INTO ld.change_log (entity, record_id, row_version, action, fields, mutation_id, desk_id)
    VALUES (p_entity, p_record_id, p_version, p_action, p_fields, p_mutation_id, p_desk_id);
  INSERT INTO ld.mutation_ledger (mutation_id, desk_id, tx_id, entity, record_id, action, outcome, row_version)
    VALUES (p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'applied', p_version);
END
$$;

CREATE FUNCTION ld.answer(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text, p_record_id text,
                          p_action text, p_outcome text, p_version bigint, p_detail text)
RETURNS void
LANGUAGE sql AS $$
  INSERT INTO ld.mutation_ledger (mutation_id, desk_id, tx_id, entity, record_id, action, outcome, row_version,
                                  detail)
    VALUES (p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, p_outcome, p_version, p_detail)
$$;

-- The fields only acts may set: the status, who did each act, the numbers.
CREATE FUNCTION ld.guarded_fields(p_entity text) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT f), '{}') FROM ld.act_rule r,
    LATERAL unnest(ARRAY['status', r.action || '_by', r.numbered]) AS g (f)
  WHERE r.entity = p_entity AND f IS NOT NULL
$$;

-- An edit of a record that has acts may not do what only an act may: a new
-- record starts as a draft, and an edit changes no guarded field. Only an
-- administrator imports records in other states (an office's existing
-- registers). NULL when the edit may go ahead.
CREATE FUNCTION ld.edit_refusal(p_entity text, p_base jsonb, p_mine jsonb, p_current ld.record) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  guarded text[] := ld.guarded_fields(p_entity);
  touched text[];
BEGIN
  IF cardinality(guarded) = 0 OR pg_has_role(session_user, 'ld_admin', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  IF p_current.record_id IS NULL THEN
    touched := ARRAY(SELECT g FROM unnest(guarded) AS g WHERE p_mine ? g AND NOT (g = 'status' AND p_mine->>g = 'draft'));
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

-- A legal act: the state it starts from, the actor's role and the four-eyes
-- rule are checked here, from the session's login, whatever the desk believed.
CREATE FUNCTION ld.apply_act(p_rule ld.act_rule, p_mutation_id uuid, p_desk_id text, p_tx_id text,
                             p_record_id text, p_mine jsonb, p_current ld.record)
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

  new_fields := coalesce(p_current.fields, '{}') || (coalesce(p_mine, '{}') - ld.guarded_fields(p_rule.entity))
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

-- A field edit: disjoint changes merge; a stale base that touched a field
-- changed since (to another value) is a conflict.
CREATE FUNCTION ld.apply_edit(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text,
                              p_record_id text, p_action text, p_base jsonb, p_mine jsonb, p_current ld.record)
RETURNS TABLE (outcome text, row_version bigint, detail text, theirs jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  mine_changed text[] := ld.changed_keys(p_base, p_mine);
  theirs_changed text[];
  clashing text[];
  merged jsonb;
  k text;
BEGIN
  IF p_current.record_id IS NULL THEN
    PERFORM ld.write_record(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, p_mine, 1);
    RETURN QUERY SELECT 'applied'::text, 1::bigint, NULL::text, NULL::jsonb;
    RETURN;
  END IF;
  theirs_changed := ld.changed_keys(p_base, p_current.fields);
  SELECT coalesce(array_agg(c ORDER BY c), '{}') INTO clashing
    FROM unnest(mine_changed) AS c
   WHERE c = ANY (theirs_changed) AND p_mine->c IS DISTINCT FROM p_current.fields->c;
  IF cardinality(clashing) > 0 THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'conflict',
                      p_current.row_version, array_to_string(clashing, ', '));
    INSERT INTO ld.conflict (mutation_id, entity, record_id, base, mine, theirs, clashing)
      VALUES (p_mutation_id, p_entity, p_record_id, p_base, p_mine, p_current.fields, clashing);
    RETURN QUERY SELECT 'conflict'::text, p_current.row_version, array_to_string(clashing, ', '), p_current.fields;
    RETURN;
  END IF;
  merged := p_current.fields;
  FOREACH k IN ARRAY mine_changed LOOP
    merged := CASE WHEN p_mine ? k THEN merged || jsonb_build_object(k, p_mine->k) ELSE merged - k END;
  END LOOP;
  IF merged = p_current.fields THEN
    PERFORM ld.answer(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, 'applied',
                      p_current.row_version, 'nothing changed');
    RETURN QUERY SELECT 'applied'::text, p_current.row_version, 'nothing changed'::text, NULL::jsonb;
    RETURN;
  END IF;
  PERFORM ld.write_record(p_mutation_id, p_desk_id, p_tx_id, p_entity, p_record_id, p_action, merged,
                          p_current.row_version + 1);
  RETURN QUERY SELECT 'applied'::text, p_current.row_version + 1, NULL::text, NULL::jsonb;
END
$$;

-- The one way a desk writes: one mutation of its outbox, with the image it
-- was made on (@p_base, NULL for a new record) and its own (@p_mine). Call it
-- for every mutation of a local transaction inside one server transaction.
CREATE FUNCTION ld.push_mutation(p_mutation_id uuid, p_desk_id text, p_tx_id text, p_entity text,
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
  -- Mutations of one record wait for each other, so the ledger read below
  -- sees any concurrent push of the same mutation that committed first.
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
    RETURN QUERY SELECT * FROM ld.apply_act(rule, p_mutation_id, p_desk_id, p_tx_id, p_record_id, p_mine,
                                            current_row);
  ELSIF p_mine IS NULL OR jsonb_typeof(p_mine) <> 'object' THEN
    -- An event without a record image (a screening run, a verdict): kept in
    -- the ledger, no record changes.
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
REVOKE ALL ON FUNCTION ld.push_mutation(uuid, text, text, text, text, text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ld.push_mutation(uuid, text, text, text, text, text, jsonb, jsonb) TO ld_desk;

-- A desk is told to pull when something committed.
CREATE FUNCTION ld.notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ld_change', NEW.entity);
  RETURN NULL;
END
$$;
CREATE TRIGGER change_log_notify AFTER INSERT ON ld.change_log FOR EACH ROW EXECUTE FUNCTION ld.notify_change();
