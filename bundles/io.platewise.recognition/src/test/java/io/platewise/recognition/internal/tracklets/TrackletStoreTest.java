package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracklet table with the module's own migration script, on an in-memory HSQLDB. */
class TrackletStoreTest {

    private TrackletStore store;
    private final Instant t0 = Instant.parse("2026-11-24T08:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        store = InMemoryTrackletStore.create();
        String[][] rows = {{"a", "cam1", "ABC1234", "0.9", "0"}, {"b", "cam1", "XYZ9876", "0.4", "60"}, {"c", "cam2", "ABC1239", "0.8", "120"},
            {"d", "cam2", "Q_%!", "0.95", "180"}};
        for (String[] row : rows) {
            Instant start = t0.plusSeconds(Long.parseLong(row[4]));
            TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(7, start, new float[] {1, 2, 3, 4}, new float[8], 0.9f, row[2],
                    Float.parseFloat(row[3]), List.of(new Candidate(row[2], Float.parseFloat(row[3]))));
            store.insert(new TrackletRecord(row[0], "task", row[1], start, start.plusSeconds(5), row[2], Float.parseFloat(row[3]), true, 1,
                    List.of(new Candidate(row[2], Float.parseFloat(row[3]))), Map.of("colour", "red"), "det:1", "read:1", "crop", "frame",
                    sighting, List.of(sighting)));
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
}
