-- Portable between HSQLDB and PostgreSQL.
-- A similar-plate search (GET /api/tracklets?plate=...&match=similar) compares look-alike-folded texts
-- (O, D, Q as 0; I as 1; Z as 2; S as 5; G as 6; B as 8): the keys of a tracklet's best read and of its
-- runner-up candidates, each between bars. New tracklets get all of them from the store (PlateMatch.keys);
-- the ones stored before this script get the key of their best read, since their candidates are in JSON.
ALTER TABLE tracklet ADD COLUMN plate_keys VARCHAR(1000);

UPDATE tracklet SET plate_keys = '|' || TRANSLATE(plate, 'ODQIZSGB', '00012568') || '|';

ALTER TABLE tracklet ALTER COLUMN plate_keys SET NOT NULL;
