-- Portable between HSQLDB and PostgreSQL.
-- A tracklet's details (every sighting, as JSON, several KB) move out of its row into a table of their
-- own: listing and counting tracklets then reads rows of a few hundred bytes, not the sightings of every
-- match (HSQLDB keeps a cached row whole, so a COUNT over 100,000 tracklets read 600 MB).
CREATE TABLE tracklet_detail (
    tracklet_id VARCHAR(40)     NOT NULL,
    details     VARCHAR(262144) NOT NULL,
    CONSTRAINT tracklet_detail_pk PRIMARY KEY (tracklet_id),
    CONSTRAINT tracklet_detail_tracklet FOREIGN KEY (tracklet_id) REFERENCES tracklet (id) ON DELETE CASCADE
);

INSERT INTO tracklet_detail (tracklet_id, details) SELECT id, details FROM tracklet;

ALTER TABLE tracklet DROP COLUMN details;

-- Newest first with the id to break ties, as pages are read: the index gives the order, no sort.
DROP INDEX tracklet_start;
CREATE INDEX tracklet_start_id ON tracklet (start_at, id);
