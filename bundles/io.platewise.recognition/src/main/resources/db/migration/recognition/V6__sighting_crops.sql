-- Portable between HSQLDB and PostgreSQL.
-- A tracklet may be stored with the plate crops of several sightings (a task's sightingCrops). Their references
-- are served from the sightings in tracklet_detail; this column lists them once more, separated by spaces, so
-- that deleting tracklets (retention, erasure) finds every file they hold from their rows, without reading
-- the sightings of each. Empty or NULL: none (every tracklet stored before this script).
ALTER TABLE tracklet ADD COLUMN sighting_crops VARCHAR(8000);
