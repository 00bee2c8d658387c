-- Portable between HSQLDB and PostgreSQL.
-- Which way each car went (APPROACHING, RECEDING, CROSSING, STATIONARY, UNKNOWN; Travel), on the row so that
-- the tracklet list filters by it (arrivals at a gate, say). The rest of the judgement (direction, size change,
-- distance) is in the details. NULL for the tracklets stored before this script.
ALTER TABLE tracklet ADD COLUMN heading VARCHAR(16);
