-- Licence Desk central database, server schema version 6.
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
