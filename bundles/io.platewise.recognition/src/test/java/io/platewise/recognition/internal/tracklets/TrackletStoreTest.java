package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.internal.tracking.Travel;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracklet tables with the module's own migration scripts, on an in-memory HSQLDB. */
class TrackletStoreTest {

    private TrackletStore store;
    private final Instant t0 = Instant.parse("2026-11-24T08:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        store = InMemoryTrackletStore.create();
        String[][] rows = {{"a", "cam1", "ABC1234", "0.9", "0"}, {"b", "cam1", "XYZ9876", "0.4", "60"}, {"c", "cam2", "ABC1239", "0.8", "120"},
            {"d", "cam2", "Q_%!", "0.95", "180"}};
        // a and c came towards the camera, b went away; d was stored before headings were judged.
        Travel[] travels = {new Travel(Travel.Heading.APPROACHING, 178f, 2.1f, 4f), new Travel(Travel.Heading.RECEDING, 2f, 0.4f, 3f),
            new Travel(Travel.Heading.APPROACHING, 185f, 1.8f, 3f), null};
        for (int i = 0; i < rows.length; i++) {
            String[] row = rows[i];
            Instant start = t0.plusSeconds(Long.parseLong(row[4]));
            TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(7, start, new float[] {1, 2, 3, 4}, new float[8], 0.9f, row[2],
                    Float.parseFloat(row[3]), List.of(new Candidate(row[2], Float.parseFloat(row[3]))));
            store.insert(new TrackletRecord(row[0], "task", row[1], start, start.plusSeconds(5), row[2], Float.parseFloat(row[3]), true, 1,
                    List.of(new Candidate(row[2], Float.parseFloat(row[3]))), Map.of("colour", "red"), "det:1", "read:1", "crop", "frame",
                    sighting, travels[i], List.of(sighting)));
        }
    }

    private List<String> ids(TrackletQuery query) throws Exception {
        return store.find(query).items().stream().map(TrackletRecord::id).toList();
    }

    @Test
    void filtersCombineAndResultsAreNewestFirst() throws Exception {
        assertEquals(List.of("d", "c", "b", "a"), ids(new TrackletQuery(null, null, null, null, null, null, 0, 50)));
        assertEquals(List.of("c", "a"), ids(new TrackletQuery(null, null, null, null, "ABC123", null, 0, 50)));
        assertEquals(List.of("a"), ids(new TrackletQuery(null, null, "cam1", null, "ABC", null, 0, 50)));
        assertEquals(List.of("d", "c", "a"), ids(new TrackletQuery(null, null, null, null, null, 0.5f, 0, 50)));
        assertEquals(List.of("c", "b"), ids(new TrackletQuery(t0.plusSeconds(30), t0.plusSeconds(150), null, null, null, null, 0, 50)));
        assertEquals(List.of("d"), ids(new TrackletQuery(null, null, null, null, "_%!", null, 0, 50)), "LIKE wildcards are matched literally");
    }

    @Test
    void theListFiltersByHeadingAndATrackletShowsItsTravel() throws Exception {
        assertEquals(List.of("c", "a"), ids(new TrackletQuery(null, null, null, null, null, null, Travel.Heading.APPROACHING, null, 0, 50)));
        assertEquals(List.of("b"), ids(new TrackletQuery(null, null, "cam1", null, null, null, Travel.Heading.RECEDING, null, 0, 50)));
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, null, null, Travel.Heading.STATIONARY, null, 0, 50)));
        assertEquals(new Travel(Travel.Heading.RECEDING, 2f, 0.4f, 3f), store.get("b").orElseThrow().travel());
        assertEquals(Travel.Heading.APPROACHING, store.find(new TrackletQuery(null, null, "cam1", null, "ABC", null, 0, 50)).items().get(0)
                .travel().heading(), "lists show it too");
        assertEquals(null, store.get("d").orElseThrow().travel(), "not judged");
    }

    @Test
    void pagesCountTheWholeMatch() throws Exception {
        TrackletStore.Page page = store.find(new TrackletQuery(null, null, null, null, null, null, 1, 2));
        assertEquals(4, page.total());
        assertEquals(List.of("c", "b"), page.items().stream().map(TrackletRecord::id).toList());
        assertTrue(page.items().get(0).observations().isEmpty(), "lists leave the sightings out");
    }

    @Test
    void oneTrackletKeepsEverything() throws Exception {
        TrackletRecord record = store.get("a").orElseThrow();
        assertEquals("ABC1234", record.plate());
        assertEquals(Map.of("colour", "red"), record.attributes());
        assertEquals(1, record.observations().size());
        assertEquals(4, record.best().box().length);
        assertEquals(t0, record.start());
        assertTrue(store.get("nope").isEmpty());
    }

    @Test
    void tiesAtOneStartKeepOneOrderAcrossPages() throws Exception {
        TrackletStore same = InMemoryTrackletStore.create();
        for (String id : List.of("m", "k", "z", "a")) {
            TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(1, t0, new float[4], new float[8], 0.9f, "AB1", 0.9f, List.of());
            same.insert(new TrackletRecord(id, "task", "cam", t0, t0.plusSeconds(1), "AB1", 0.9f, true, 1, List.of(), Map.of(), "d", "r",
                    null, null, sighting, null, List.of(sighting)));
        }
        List<String> pages = new java.util.ArrayList<>();
        for (int offset = 0; offset < 4; offset += 2) {
            same.find(new TrackletQuery(null, null, null, null, null, null, offset, 2)).items().forEach(t -> pages.add(t.id()));
        }
        assertEquals(List.of("z", "m", "k", "a"), pages, "the id breaks the tie, newest first as the start");
    }

    @Test
    void trackletsStoredBeforeTheDetailsMovedReadTheSame() throws Exception {
        JDBCDataSource dataSource = InMemoryTrackletStore.dataSource();
        MigrationScripts.run(dataSource, "V1__tasks_and_tracklets.sql");
        String details = "{\"candidates\":[{\"text\":\"OLD123\",\"confidence\":0.7}],\"attributes\":{\"colour\":\"blue\"},"
                + "\"best\":{\"frame\":3,\"at\":\"2026-11-24T08:00:00Z\",\"box\":[1,2,3,4],\"corners\":[0,0,0,0,0,0,0,0],"
                + "\"score\":0.8,\"text\":\"OLD123\",\"confidence\":0.7,\"candidates\":[]},\"observations\":[]}";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO tracklet (id, task_id, camera_id, start_at, end_at, plate, confidence, matches_template, sightings, "
                    + "crop_ref, frame_ref, detector_model, reader_model, details) VALUES ('old', 'task', 'cam', "
                    + "TIMESTAMP '2026-11-24 08:00:00+00:00', TIMESTAMP '2026-11-24 08:00:04+00:00', 'OLD123', 0.7, false, 1, 'crop', "
                    + "'frame', 'det:1', 'read:1', '" + details + "')");
        }
        InMemoryTrackletStore.migrateAfter(dataSource, "V1__tasks_and_tracklets.sql");

        TrackletStore migrated = new TrackletStore(dataSource);
        TrackletRecord old = migrated.get("old").orElseThrow();
        assertEquals("OLD123", old.plate());
        assertEquals(List.of(new Candidate("OLD123", 0.7f)), old.candidates());
        assertEquals(Map.of("colour", "blue"), old.attributes());
        assertEquals(3, old.best().frame());
        assertEquals(t0, old.start());
        assertEquals(1, migrated.find(new TrackletQuery(null, null, null, null, "OLD", null, 0, 10)).total());
        assertEquals(1, migrated.find(new TrackletQuery(null, null, null, null, "0LD", PlateMatch.SIMILAR, null, 0, 10)).total(),
                "the migration keyed the best reads stored before it");
        assertEquals(1, migrated.delete(List.of("old")));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM tracklet_detail")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "a deleted tracklet's details go with it");
        }
    }

    @Test
    void theMigrationKeysPlatesAsTheStoreDoes() throws Exception {
        JDBCDataSource dataSource = InMemoryTrackletStore.dataSource();
        MigrationScripts.run(dataSource, "V1__tasks_and_tracklets.sql");
        List<String> plates = List.of("ABCDEFGHIJKLMNOPQR", "STUVWXYZ0123456789");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String plate : plates) {
                statement.execute("INSERT INTO tracklet (id, task_id, camera_id, start_at, end_at, plate, confidence, matches_template, "
                        + "sightings, detector_model, reader_model, details) VALUES ('" + plate + "', 't', 'c', TIMESTAMP '2026-11-24 08:00:00+00:00', "
                        + "TIMESTAMP '2026-11-24 08:00:04+00:00', '" + plate + "', 0.7, false, 1, 'd', 'r', '{}')");
            }
        }
        InMemoryTrackletStore.migrateAfter(dataSource, "V1__tasks_and_tracklets.sql");
        for (String plate : plates) {
            try (Connection connection = dataSource.getConnection();
                    java.sql.PreparedStatement select = connection.prepareStatement("SELECT plate_keys FROM tracklet WHERE id = ?")) {
                select.setString(1, plate);
                try (java.sql.ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertEquals("|" + PlateMatch.key(plate) + "|", rows.getString(1), "SQL's TRANSLATE and PlateMatch.key agree");
                }
            }
        }
    }

    @Test
    void anExactSearchTakesTheWholeReadOnly() throws Exception {
        assertEquals(List.of("a"), ids(new TrackletQuery(null, null, null, null, "ABC1234", PlateMatch.EXACT, null, 0, 50)));
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, "ABC123", PlateMatch.EXACT, null, 0, 50)));
    }

    @Test
    void aSimilarSearchForgivesLookAlikesAndLooksAtCandidates() throws Exception {
        TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(1, t0, new float[4], new float[8], 0.9f, "8DX5O1", 0.6f, List.of());
        store.insert(new TrackletRecord("e", "task", "cam3", t0.plusSeconds(240), t0.plusSeconds(245), "8DX5O1", 0.6f, false, 1,
                List.of(new Candidate("8DX5O1", 0.6f), new Candidate("HDX501", 0.3f)), Map.of(), "d", "r", null, null, sighting, null,
                List.of(sighting)));
        PlateMatch similar = PlateMatch.SIMILAR;
        assertEquals(List.of("e"), ids(new TrackletQuery(null, null, null, null, "BDXSO1", similar, null, 0, 50)), "B as 8, S as 5");
        assertEquals(List.of("e"), ids(new TrackletQuery(null, null, null, null, "HDX", similar, null, 0, 50)), "a runner-up candidate");
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, "HDX", null, null, 0, 50)), "contains reads the best read only");
        assertEquals(List.of("c", "a"), ids(new TrackletQuery(null, null, null, null, "A8C", similar, null, 0, 50)));
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, "01HD", similar, null, 0, 50)),
                "a search does not run from one read's end into the next read");
        assertEquals(List.of("d"), ids(new TrackletQuery(null, null, null, null, "_%!", similar, null, 0, 50)), "LIKE wildcards are literal");
    }

    @Test
    void aNearSearchAlsoTakesOneCharacterMoreLessOrOther() throws Exception {
        PlateMatch near = PlateMatch.NEAR;
        assertEquals(List.of("a"), ids(new TrackletQuery(null, null, null, null, "ABC1274", near, null, 0, 50)), "one other");
        assertEquals(List.of("a"), ids(new TrackletQuery(null, null, null, null, "ABC12344", near, null, 0, 50)), "one more");
        assertEquals(List.of("c", "a"), ids(new TrackletQuery(null, null, null, null, "ABC13", near, null, 0, 50)), "one less");
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, "ABD7734", near, null, 0, 50)), "two other");
        assertEquals(List.of(), ids(new TrackletQuery(null, null, null, null, "ABC1274", PlateMatch.SIMILAR, null, 0, 50)));
    }
}
