-- Broker acts keep the day they take effect beside the time they were
-- recorded (broker_event.at): an act dated more than a few days back needs a
-- written reason and a senior officer, and the history shows both dates.
-- Earlier events took effect when they were recorded, so they stay NULL.

ALTER TABLE broker_event ADD COLUMN effective_on TEXT;
