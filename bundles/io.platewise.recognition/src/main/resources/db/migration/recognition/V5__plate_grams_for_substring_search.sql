-- Portable between HSQLDB and PostgreSQL.
-- A substring search (GET /api/tracklets?plate=...&match=contains|similar|near) read every tracklet's row,
-- because no index serves POSITION or LIKE '%...%' (0.6 s over 100,000 tracklets, a second for near). The
-- three-character pieces ("grams") of each tracklet's look-alike keys (plate_keys, not across the bars between
-- its reads) go in a table of their own, keyed by gram: a search first takes the tracklets holding the grams
-- of its text's key, then checks them as before (PlateGrams). The keys hold the best read's key, so a
-- contains search is served by them too.
CREATE TABLE tracklet_gram (
    gram        VARCHAR(3)  NOT NULL,
    tracklet_id VARCHAR(40) NOT NULL,
    CONSTRAINT tracklet_gram_pk PRIMARY KEY (gram, tracklet_id)
);

CREATE INDEX tracklet_gram_tracklet ON tracklet_gram (tracklet_id);

ALTER TABLE tracklet_gram ADD CONSTRAINT tracklet_gram_of_tracklet FOREIGN KEY (tracklet_id) REFERENCES tracklet (id) ON DELETE CASCADE;

-- The grams of the tracklets stored before this script, as the store cuts them (PlateGrams): the start of each
-- gram from a table of positions 1 to 1000 (plate_keys is at most 1000 characters).
CREATE TABLE tracklet_gram_position (n INTEGER NOT NULL PRIMARY KEY);

INSERT INTO tracklet_gram_position (n)
SELECT hundreds.v * 100 + tens.v * 10 + ones.v + 1
FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS hundreds (v),
     (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS tens (v),
     (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS ones (v);

INSERT INTO tracklet_gram (gram, tracklet_id)
SELECT DISTINCT SUBSTRING(t.plate_keys FROM p.n FOR 3), t.id
FROM tracklet t JOIN tracklet_gram_position p ON p.n <= CHAR_LENGTH(t.plate_keys) - 2
WHERE POSITION('|' IN SUBSTRING(t.plate_keys FROM p.n FOR 3)) = 0;

DROP TABLE tracklet_gram_position;
