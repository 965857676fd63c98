-- A screening run is queued for the central database with its hits, read
-- back by run (ld-carried.c): without an index that read scanned every hit
-- ever written, once per case, and a re-screening job slowed down as the
-- table grew (issue 16).
CREATE INDEX IF NOT EXISTS screening_hit_run ON screening_hit (run_id);
CREATE INDEX IF NOT EXISTS consent_screening_hit_run ON consent_screening_hit (run_id);
