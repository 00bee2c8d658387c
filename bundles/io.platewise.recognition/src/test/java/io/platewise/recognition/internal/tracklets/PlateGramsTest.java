package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

/**
 * The gram index behind substring searches: it may only narrow a search, never drop a match, and the
 * grams the V5 migration cuts from the tracklets stored before it are the ones the store cuts.
 */
class PlateGramsTest {

    private final Instant t0 = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void gramsAreTheDistinctPiecesOfEachReadNotAcrossTheBars() {
        assertEquals(List.of("ABC", "BC1", "C12"), List.copyOf(PlateGrams.of("ABC12")));
        assertEquals(List.of("AAA"), List.copyOf(PlateGrams.of("AAAAA")));
        assertEquals(List.of(), List.copyOf(PlateGrams.of("AB")));
        assertEquals(List.of("A8C", "8C1", "XY2"), List.copyOf(PlateGrams.ofKeys("||A8C1||XY2||")));
        assertEquals(0, PlateGrams.required(PlateGrams.of("AB"), "AB", false), "too short to narrow");
        assertEquals(0, PlateGrams.required(PlateGrams.of("ABC|1"), "ABC|1", false), "the grams never hold a bar");
        assertEquals(3, PlateGrams.required(PlateGrams.of("ABC12"), "ABC12", false));
        assertEquals(2, PlateGrams.required(PlateGrams.of("ABC1234"), "ABC1234", true), "a near match loses three grams at most");
        assertEquals(0, PlateGrams.required(PlateGrams.of("ABC12"), "ABC12", true));
        assertEquals(1, PlateGrams.required(PlateGrams.of("DY9999"), "DY9999", true), "four positions: one survives an edit, repeated or not");
    }

    /**
     * Many plates over few characters (look-alikes among them, so that keys and plates differ), and every
     * search of every length and mode: the store finds exactly what reading every row finds.
     */
    @Test
    void searchesThroughTheGramsFindWhatReadingEveryRowFinds() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        Random random = new Random(5);
        String alphabet = "AB08ODIX1";
        Map<String, String[]> stored = new LinkedHashMap<>();
        for (int n = 0; n < 400; n++) {
            String plate = text(random, alphabet, 3 + random.nextInt(6));
            List<Candidate> candidates = new ArrayList<>(List.of(new Candidate(plate, 0.8f)));
            for (int c = random.nextInt(4); c > 0; c--) {
                candidates.add(new Candidate(text(random, alphabet, 2 + random.nextInt(7)), 0.1f));
            }
            String id = "t" + n;
            store.insert(record(id, plate, candidates));
            stored.put(id, new String[] {plate, PlateMatch.keys(plate, candidates.stream().map(Candidate::text).toList(), PlateMatch.KEYS_LENGTH)});
        }
        int searches = 0;
        for (int length = 1; length <= 8; length++) {
            for (int q = 0; q < 25; q++) {
                String text = text(random, alphabet, length);
                assertFinds(store, stored, text, PlateMatch.CONTAINS, row -> row[0].contains(text));
                assertFinds(store, stored, text, PlateMatch.SIMILAR, row -> row[1].contains(PlateMatch.key(text)));
                if (length >= PlateMatch.NEAR_MIN_LENGTH) {
                    Predicate<String> near = PlateMatch.nearMatcher(text);
                    assertFinds(store, stored, text, PlateMatch.NEAR, row -> near.test(row[1]));
                }
                searches++;
            }
        }
        assertEquals(200, searches);
    }

    private static void assertFinds(TrackletStore store, Map<String, String[]> stored, String text, PlateMatch match,
            Predicate<String[]> reference) throws Exception {
        Set<String> expected = new HashSet<>();
        stored.forEach((id, row) -> {
            if (reference.test(row)) {
                expected.add(id);
            }
        });
        TrackletStore.Page page = store.find(new TrackletQuery(null, null, null, null, text, match, null, 0, 1000));
        Set<String> found = new HashSet<>();
        page.items().forEach(item -> found.add(item.id()));
        assertEquals(expected, found, match + " " + text);
        assertEquals(expected.size(), page.total(), match + " " + text + ": the count");
    }

    /** Tracklets stored before V5, with keys up to the column's width: the migration cuts the grams the store would. */
    @Test
    void theMigrationCutsTheGramsTheStoreCuts() throws Exception {
        JDBCDataSource dataSource = InMemoryTrackletStore.dataSource();
        for (String script : MigrationScripts.ALL.subList(0, MigrationScripts.ALL.indexOf("V5__plate_grams_for_substring_search.sql"))) {
            MigrationScripts.run(dataSource, script);
        }
        Random random = new Random(11);
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("short", new String[] {"AB", "|AB|"});
        rows.put("repeats", new String[] {"AAAAAA", "|AAAAAA|"});
        List<String> candidates = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            candidates.add(text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 7));
        }
        String longKeys = PlateMatch.keys("LONG123", candidates, PlateMatch.KEYS_LENGTH);
        rows.put("long", new String[] {"LONG123", longKeys});
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO tracklet (id, task_id, camera_id, start_at, end_at, "
                        + "plate, confidence, matches_template, sightings, detector_model, reader_model, plate_keys) VALUES (?, 't', 'c', "
                        + "TIMESTAMP '2026-12-03 08:00:00+00:00', TIMESTAMP '2026-12-03 08:00:04+00:00', ?, 0.7, false, 1, 'd', 'r', ?)")) {
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                insert.setString(1, row.getKey());
                insert.setString(2, row.getValue()[0]);
                insert.setString(3, row.getValue()[1]);
                insert.executeUpdate();
            }
        }
        MigrationScripts.run(dataSource, "V5__plate_grams_for_substring_search.sql");
        assertTrue(longKeys.length() > PlateMatch.KEYS_LENGTH - 10, "the keys fill their column: the migration's last positions count");
        for (Map.Entry<String, String[]> row : rows.entrySet()) {
            assertEquals(PlateGrams.ofKeys(row.getValue()[1]), grams(dataSource, row.getKey()), row.getKey() + ": the keys' grams");
        }
        TrackletStore store = new TrackletStore(dataSource);
        String last = candidates.get(candidates.size() - 1);
        assertEquals(longKeys.contains("||" + PlateMatch.key(last) + "||") ? 1 : 0,
                store.find(new TrackletQuery(null, null, null, null, last, PlateMatch.SIMILAR, null, 0, 10)).total());
        assertEquals(1, store.delete(List.of("long")));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM tracklet_gram WHERE tracklet_id = 'long'")) {
            count.next();
            assertEquals(0, count.getInt(1), "a deleted tracklet's grams go with it");
        }
    }

    private static Set<String> grams(JDBCDataSource dataSource, String id) throws Exception {
        Set<String> grams = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT gram FROM tracklet_gram WHERE tracklet_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    grams.add(rows.getString(1));
                }
            }
        }
        return grams;
    }

    private TrackletRecord record(String id, String plate, List<Candidate> candidates) {
        TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(1, t0, new float[4], new float[8], 0.9f, plate, 0.8f, candidates);
        return new TrackletRecord(id, "task", "cam", t0, t0.plusSeconds(4), plate, 0.8f, false, 1, candidates, Map.of(), "d", "r", null,
                null, sighting, null, List.of(sighting));
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
