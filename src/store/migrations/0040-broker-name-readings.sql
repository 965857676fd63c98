-- Issue 16: the duplicate check now reads Hebrew, Korean and Thai names as screening
-- does (the name module's readings: a Hebrew name's words by the consonants a Latin
-- spelling writes, a Korean name in the spellings South Koreans give its syllables, a
-- Thai name by the consonants of its fold), so the same company typed in Latin letters
-- is found. A broker keeps its readings here, one row each: a Hebrew, Korean or Thai
-- broker its own, every other broker those of its Latin words that meet them. Like
-- broker_name_second (0036) they are derived from the name (ld_broker_name_key(name,
-- 'readings'), one per line), written with the broker by the store, no part of the
-- audit, and checked by `audit verify`. Running this again changes nothing.
CREATE TABLE IF NOT EXISTS broker_name_reading (
  broker_id  TEXT NOT NULL,
  reading    TEXT NOT NULL,
  PRIMARY KEY (broker_id, reading)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS broker_name_reading_reading ON broker_name_reading (reading);

-- Every stored broker's readings, as the name module makes them now: the name
-- module's one text per broker split at its line ends.
DELETE FROM broker_name_reading;
WITH RECURSIVE split (broker_id, rest, reading) AS (
  SELECT id, ld_broker_name_key(legal_name, 'readings') || char(10), NULL FROM broker
  UNION ALL
  SELECT broker_id, substr(rest, instr(rest, char(10)) + 1), substr(rest, 1, instr(rest, char(10)) - 1)
    FROM split
   WHERE rest <> ''
)
INSERT OR IGNORE INTO broker_name_reading (broker_id, reading)
SELECT broker_id, reading FROM split WHERE reading IS NOT NULL AND reading <> '';
