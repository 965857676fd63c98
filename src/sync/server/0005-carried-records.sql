-- Licence Desk central database, server schema version 5.
--
-- Records that version 4 answered as events and kept nowhere now reach every
-- desk: shipments, screening runs with their hits, hit verdicts and the
-- denial register are records of their own (ld.record, the change log), each
-- pushed by the desk that made it as a new record of its kind (entity
-- 'shipment', 'screening_run', 'screening_verdict', 'consent_screening_run',
-- 'consent_screening_verdict', 'broker_screening_hit', 'denial'), through the
-- same ld.push_mutation() edit path as any record.
--
-- A shipment is a legal limit: what every desk shipped against a licence
-- must never exceed the licence's quantities. The server checks it when a
-- shipment is pushed, under the licence's lock, against the shipments in
-- force it holds from every desk, and refuses one that would exceed it. The
-- licence's own record then gets the quantities shipped and the state they
-- make of it (issued, partly used, exhausted) from the server, so every desk
-- pulls the same figures. The desk's image of the licence after its shipment
-- (action 'ship' or 'void_shipment') is an event: the shipment record is
-- what the server keeps, and the desk's figures would overwrite another
-- desk's.

CREATE OR REPLACE FUNCTION ld.is_event(p_action text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_action IN ('screen', 'review-hit', 'screen-consent', 'review-consent-hit', 'write-exemption',
                      'confirm-exemption', 'ship', 'void_shipment')
$$;

-- Shipments of a licence, found without reading every record.
CREATE INDEX record_shipment_licence ON ld.record ((fields->>'licence_id')) WHERE entity = 'shipment';

-- The quantity shipped on each line of @p_licence_id by the shipments in
-- force the server holds, leaving out @p_except (the shipment being changed).
CREATE FUNCTION ld.shipped_by_line(p_licence_id text, p_except text) RETURNS TABLE (line integer, shipped bigint)
LANGUAGE sql STABLE AS $$
  SELECT (l->>'line')::integer, sum((l->>'quantity')::bigint)
  FROM ld.record s, jsonb_array_elements(coalesce(s.fields->'lines', '[]')) AS l
  WHERE s.entity = 'shipment' AND s.fields->>'licence_id' = p_licence_id AND s.record_id IS DISTINCT FROM p_except
    AND coalesce(s.fields->>'voided_at', '') = ''
  GROUP BY 1
$$;

-- Why a shipment may not be recorded as pushed, or NULL. Takes the licence's
-- lock (the one ld.push_mutation() takes for the licence's own changes), so
-- two desks' shipments against one licence are checked one after the other,
-- each against what the other committed. VOLATILE: each query sees what
-- committed before the lock was granted.
CREATE FUNCTION ld.shipment_refusal(p_base jsonb, p_mine jsonb, p_current ld.record) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  licence_id text := coalesce(p_mine->>'licence_id', p_current.fields->>'licence_id');
  licence ld.record;
  number text;
  asked jsonb;
  allowed bigint;
  used bigint;
  wanted bigint;
  other text;
BEGIN
  IF licence_id IS NULL THEN
    RETURN 'A shipment must name its licence.';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('licence/' || licence_id, 0));
  SELECT * INTO licence FROM ld.record r WHERE r.entity = 'licence' AND r.record_id = licence_id;
  number := coalesce(licence.fields->>'licence_number', licence.fields->>'number', licence_id);
  IF p_current.record_id IS NOT NULL THEN
    -- Recorded shipments change only by being voided.
    IF p_mine->'lines' IS DISTINCT FROM p_current.fields->'lines'
       OR p_mine->>'licence_id' IS DISTINCT FROM p_current.fields->>'licence_id' THEN
      RETURN format('A shipment under licence %s cannot be changed once recorded: void it and record it again.',
                    number);
    END IF;
    IF coalesce(p_current.fields->>'voided_at', '') <> '' AND coalesce(p_mine->>'voided_at', '') = '' THEN
      RETURN format('The shipment %s under licence %s was voided; a voided shipment is not brought back. Record '
                    'it again.', p_current.fields->>'customs_reference', number);
    END IF;
    RETURN NULL;
  END IF;
  IF coalesce(p_mine->>'voided_at', '') <> '' THEN
    RETURN NULL;
  END IF;
  IF licence.record_id IS NULL THEN
    RETURN format('Licence %s is not on the central database yet, so nothing may be shipped under it there: '
                  'send its issuance first.', number);
  END IF;
  IF NOT (licence.fields->>'status' = ANY (ARRAY['issued', 'partly_used'])) THEN
    RETURN format('Licence %s is %s on the central database: nothing more may be shipped under it.', number,
                  replace(coalesce(licence.fields->>'status', 'unknown'), '_', ' '));
  END IF;
  SELECT s.fields->>'customs_reference' INTO other FROM ld.record s
   WHERE s.entity = 'shipment' AND s.fields->>'customs_reference' = p_mine->>'customs_reference'
     AND coalesce(s.fields->>'voided_at', '') = '' LIMIT 1;
  IF other IS NOT NULL THEN
    RETURN format('Customs reference %s is already recorded at another desk: a declaration is recorded once. '
                  'Check the reference.', other);
  END IF;
  FOR asked IN SELECT * FROM jsonb_array_elements(coalesce(p_mine->'lines', '[]')) LOOP
    SELECT (l->>'quantity')::bigint INTO allowed
      FROM jsonb_array_elements(coalesce(licence.fields->'lines', '[]')) AS l
     WHERE (l->>'line')::integer = (asked->>'line')::integer;
    SELECT coalesce(sum(b.shipped), 0) INTO used FROM ld.shipped_by_line(licence_id, NULL) b
     WHERE b.line = (asked->>'line')::integer;
    wanted := (asked->>'quantity')::bigint;
    IF allowed IS NULL THEN
      RETURN format('Licence %s has no item line %s.', number, asked->>'line');
    END IF;
    IF used + wanted > allowed THEN
      RETURN format('Licence %s line %s has %s left of %s, counting the shipments of every desk; a shipment of %s '
                    '(customs reference %s) is more than the licence allows, so it was not recorded.', number,
                    asked->>'line', allowed - used, allowed, wanted, p_mine->>'customs_reference');
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

-- Version 2's edit check, kept for every record but a shipment.
ALTER FUNCTION ld.edit_refusal(text, jsonb, jsonb, ld.record) RENAME TO guarded_edit_refusal;

-- A shipment is checked against its licence whoever sends it (an
-- administrator too: the limit is the law's); other records as before.
CREATE FUNCTION ld.edit_refusal(p_entity text, p_base jsonb, p_mine jsonb, p_current ld.record) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_entity = 'shipment' THEN
    RETURN ld.shipment_refusal(p_base, p_mine, p_current);
  END IF;
  RETURN ld.guarded_edit_refusal(p_entity, p_base, p_mine, p_current);
END
$$;

-- The licence's lines with the quantities its shipments in force took, and
-- the state those make of it while it is in use.
CREATE FUNCTION ld.licence_after_shipments(p_fields jsonb, p_licence_id text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  lines jsonb;
  total bigint;
  shipped_total bigint;
  status text := p_fields->>'status';
BEGIN
  SELECT coalesce(jsonb_agg(l || jsonb_build_object('shipped', coalesce(b.shipped, 0),
                                                    'remaining', (l->>'quantity')::bigint - coalesce(b.shipped, 0))
                            ORDER BY ord), '[]'),
         coalesce(sum((l->>'quantity')::bigint), 0), coalesce(sum(b.shipped), 0)
    INTO lines, total, shipped_total
    FROM jsonb_array_elements(coalesce(p_fields->'lines', '[]')) WITH ORDINALITY AS e (l, ord)
    LEFT JOIN ld.shipped_by_line(p_licence_id, NULL) b ON b.line = (l->>'line')::integer;
  IF status = ANY (ARRAY['issued', 'partly_used', 'exhausted']) THEN
    status := CASE WHEN shipped_total <= 0 THEN 'issued' WHEN shipped_total >= total THEN 'exhausted'
                   ELSE 'partly_used' END;
  END IF;
  RETURN p_fields || jsonb_build_object('lines', lines, 'status', status, 'stored_status', status);
END
$$;

-- A shipment recorded or voided changes its licence's record in the same
-- transaction, right after it in the change log: the figures every desk
-- pulls, and the line of the licence's history the desk wrote for it (its
-- officer and time, which the desk that made it finds as its own).
CREATE FUNCTION ld.shipment_changes_licence() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  licence ld.record;
  after jsonb;
  event jsonb;
  licence_id text := NEW.fields->>'licence_id';
  voided boolean;
BEGIN
  SELECT * INTO licence FROM ld.record r WHERE r.entity = 'licence' AND r.record_id = licence_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  after := ld.licence_after_shipments(licence.fields, licence_id);
  voided := coalesce(NEW.fields->>'voided_at', '') <> '';
  event := jsonb_build_object('action', CASE WHEN voided THEN 'void_shipment' ELSE 'ship' END,
                              'from', licence.fields->>'status', 'to', after->>'status',
                              'by', coalesce(NEW.fields->>CASE WHEN voided THEN 'voided_by' ELSE 'recorded_by' END,
                                             NEW.login::text),
                              'role', '',
                              'at', coalesce(NEW.fields->>CASE WHEN voided THEN 'voided_at' ELSE 'recorded_at' END,
                                             to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                              'reason', CASE WHEN voided
                                             THEN format('Shipment %s voided: %s', NEW.fields->>'customs_reference',
                                                         NEW.fields->>'void_reason')
                                             ELSE NEW.fields->>'customs_reference' END);
  after := after || jsonb_build_object('history', coalesce(licence.fields->'history', '[]') || jsonb_build_array(event));
  UPDATE ld.record SET row_version = licence.row_version + 1, fields = after, updated_by = NEW.login,
                       updated_at = now()
   WHERE entity = 'licence' AND record_id = licence_id;
  INSERT INTO ld.change_log (entity, record_id, row_version, action, fields, mutation_id, desk_id, login)
    VALUES ('licence', licence_id, licence.row_version + 1, NEW.action, after, NEW.mutation_id, NEW.desk_id,
            NEW.login);
  RETURN NULL;
END
$$;
CREATE TRIGGER change_log_shipment AFTER INSERT ON ld.change_log FOR EACH ROW
  WHEN (NEW.entity = 'shipment') EXECUTE FUNCTION ld.shipment_changes_licence();
