package io.platewise.recognition.internal.tracklets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.platewise.recognition.api.Candidate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * {@code bin/platewise bench tracklets}: the tracklet searches an operator makes (the newest page, a
 * later page, by camera, task, plate, the last day, a confidence floor, one tracklet) on the embedded
 * HSQLDB holding many tracklets, each with a page's count, against the same searches on the first
 * schema (details in the tracklet's row, the tie broken against the index), measured in the same run.
 */
public final class TrackletQueryBenchmark {

    /** The product's embedded database options (the db bundle's), so that the tables are cached on disk as there. */
    private static final String OPTIONS = ";hsqldb.tx=mvcc;hsqldb.write_delay=false;hsqldb.default_table_type=cached";
    private static final int CAMERAS = 10;
    private static final int SIGHTINGS = 20;
    /** The first schema's search, as its store ran it: every column, the details too, and the id ascending. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String FIRST_SCHEMA_COLUMNS = TrackletStore.COLUMNS + ", details";

    private TrackletQueryBenchmark() {
    }

    private record Search(String name, TrackletQuery query) {
    }

    public static int run(List<String> arguments, Path data, PrintStream out) throws Exception {
        int tracklets = 100_000;
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("--tracklets") && i + 1 < arguments.size()) {
                tracklets = Integer.parseInt(arguments.get(++i));
            } else {
                out.println("Usage: platewise bench tracklets [--tracklets N]   (default 100000: 10 cameras, 30 days)");
                return 2;
            }
        }
        Path folder = data.resolve("bench").resolve("tracklets");
        deleteTree(folder);
        Files.createDirectories(folder);
        try {
            Instant now = Instant.now();
            DataSource first = database(folder.resolve("first"));
            DataSource current = database(folder.resolve("current"));
            out.printf("tracklets        %d (%d cameras, over 30 days, %d sightings each)%n", tracklets, CAMERAS, SIGHTINGS);
            for (DataSource db : List.of(first, current)) {
                MigrationScripts.run(db, "V1__tasks_and_tracklets.sql");
                long started = System.nanoTime();
                fill(db, tracklets, now);
                out.printf("stored in        %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
            long migrating = System.nanoTime();
            MigrationScripts.run(current, "V2__tracklet_details_apart.sql");
            out.printf("migration V2     %.1f s (details moved out of the rows)%n", (System.nanoTime() - migrating) / 1e9);
            migrating = System.nanoTime();
            MigrationScripts.run(current, "V3__plate_keys_for_similar_search.sql");
            out.printf("migration V3     %.1f s (look-alike keys of the plates)%n", (System.nanoTime() - migrating) / 1e9);
            MigrationScripts.run(current, "V4__webhook_outbox.sql");
            double beforeGrams = megabytesOnDisk(current, folder.resolve("current"));
            migrating = System.nanoTime();
            MigrationScripts.run(current, "V5__plate_grams_for_substring_search.sql");
            out.printf("migration V5     %.1f s (grams of the look-alike keys)%n", (System.nanoTime() - migrating) / 1e9);
            out.printf("database         %.1f MB on disk before V5, %.1f MB after%n", beforeGrams, megabytesOnDisk(current, folder.resolve("current")));
            MigrationScripts.run(current, "V6__sighting_crops.sql");
            MigrationScripts.run(current, "V7__tracklet_heading.sql");

            TrackletStore store = new TrackletStore(current);
            List<Search> searches = List.of(
                    new Search("newest page", new TrackletQuery(null, null, null, null, null, null, 0, 50)),
                    new Search("page at 5,000", new TrackletQuery(null, null, null, null, null, null, 5_000, 50)),
                    new Search("one camera", new TrackletQuery(null, null, "cam3", null, null, null, 0, 50)),
                    new Search("one task", new TrackletQuery(null, null, null, "task3", null, null, 0, 50)),
                    new Search("last day", new TrackletQuery(now.minus(Duration.ofDays(1)), null, null, null, null, null, 0, 50)),
                    new Search("plate contains", new TrackletQuery(null, null, null, null, "0012", null, 0, 50)),
                    new Search("camera + contains", new TrackletQuery(null, null, "cam3", null, "001", null, 0, 50)),
                    new Search("confidence >= 0.95", new TrackletQuery(null, null, null, null, null, 0.95f, 0, 50)));
            out.printf("%n%-20s %12s %12s %8s %8s%n", "search (with count)", "first ms", "now ms", "ratio", "matches");
            for (Search search : searches) {
                long[] matches = new long[2];
                double before = bestMillis(() -> matches[0] = firstSchemaFind(first, search.query()));
                double after = bestMillis(() -> matches[1] = store.find(search.query()).total());
                if (matches[0] != matches[1]) {
                    throw new IllegalStateException(search.name() + ": the two schemas found " + matches[0] + " and " + matches[1]);
                }
                out.printf("%-20s %12.1f %12.1f %8.3f %8d%n", search.name(), before, after, after / before, matches[1]);
            }
            String id = store.find(new TrackletQuery(null, null, null, null, null, null, 0, 1)).items().get(0).id();
            double before = bestMillis(() -> firstSchemaGet(first, id));
            double after = bestMillis(() -> store.get(id).orElseThrow());
            out.printf("%-20s %12.1f %12.1f %8.3f %8d%n", "one tracklet", before, after, after / before, 1);
            out.println("\nms: the best of 3 after one warm-up; ratio: now / first schema (below 1 is faster)");

            // The plate searches' modes against the first schema's only one, contains, which reads every row.
            String plate = store.find(new TrackletQuery(null, null, null, null, null, null, 0, 1)).items().get(0).plate();
            TrackletQuery contains = new TrackletQuery(null, null, null, null, plate, PlateMatch.CONTAINS, null, 0, 50);
            long[] baselineMatches = new long[1];
            double baseline = bestMillis(() -> baselineMatches[0] = firstSchemaFind(first, contains));
            out.printf("%n%-32s %10s %8s %8s%n", "plate " + plate + " (with count)", "ms", "ratio", "matches");
            out.printf("%-32s %10.1f %8.4f %8d%n", "first schema, contains", baseline, 1.0, baselineMatches[0]);
            for (Search search : List.of(new Search("contains", contains),
                    new Search("exact", new TrackletQuery(null, null, null, null, plate, PlateMatch.EXACT, null, 0, 50)),
                    new Search("similar, as typed", new TrackletQuery(null, null, null, null, plate, PlateMatch.SIMILAR, null, 0, 50)),
                    new Search("similar, look-alikes swapped", new TrackletQuery(null, null, null, null, swapLookAlikes(plate),
                            PlateMatch.SIMILAR, null, 0, 50)),
                    new Search("near, one character left out", new TrackletQuery(null, null, null, null,
                            plate.substring(0, 3) + plate.substring(4), PlateMatch.NEAR, null, 0, 50)))) {
                double millis = bestMillis(() -> store.find(search.query()));
                out.printf("%-32s %10.1f %8.4f %8d%n", search.name(), millis, millis / baseline, store.find(search.query()).total());
            }
            out.println("ratio: the mode / the first schema's contains (every row read), in this run");

            double[] inserts = insertMillis(first, store, tracklets, 1_000, now);
            out.printf("%n%-20s %12s %12s %8s%n", "store (1,000 each)", "first ms", "now ms", "ratio");
            out.printf("%-20s %12.3f %12.3f %8.3f%n", "one tracklet", inserts[0], inserts[1], inserts[1] / inserts[0]);
            out.println("ms per tracklet, each in its own transaction; now: the row, its details and its grams");
            shutdown(first);
            shutdown(current);
            return 0;
        } finally {
            deleteTree(folder);
        }
    }

    /**
     * HSQLDB's data source, found by name: the bench runs on a plain class loader that has HSQLDB, and
     * the bundle must not import HSQLDB's package (a server on PostgreSQL has none).
     */
    private static DataSource database(Path folder) throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.hsqldb.jdbc.JDBCDataSource", true, TrackletQueryBenchmark.class.getClassLoader());
        DataSource dataSource = (DataSource) type.getConstructor().newInstance();
        type.getMethod("setUrl", String.class).invoke(dataSource, "jdbc:hsqldb:file:" + folder.resolve("platewise") + OPTIONS);
        type.getMethod("setUser", String.class).invoke(dataSource, "SA");
        return dataSource;
    }

    /** Tracklets as the first schema held them, a batch at a time; details of the size a real tracklet's are. */
    private static void fill(DataSource db, int tracklets, Instant now) throws Exception {
        try (Connection connection = db.getConnection(); PreparedStatement insert = connection.prepareStatement(FIRST_SCHEMA_INSERT)) {
            connection.setAutoCommit(false);
            for (int n = 0; n < tracklets; n++) {
                firstSchemaRow(insert, tracklet(n, tracklets, now));
                insert.addBatch();
                if (n % 1000 == 999 || n == tracklets - 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }

    private static final String FIRST_SCHEMA_INSERT = "INSERT INTO tracklet (" + FIRST_SCHEMA_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The n-th of the bench's tracklets, spread over the 30 days before now: 10 cameras, 20 sightings each. */
    private static TrackletRecord tracklet(int n, int tracklets, Instant now) {
        Instant first = now.minus(Duration.ofDays(30));
        long step = Duration.ofDays(30).toMillis() / tracklets;
        Instant start = first.plusMillis(n * step);
        String plate = String.format("%s%05d", (char) ('A' + n % 26) + "" + (char) ('A' + n / 26 % 26), n % 100_000);
        float confidence = 0.5f + (n % 50) / 100f;
        List<Candidate> candidates = List.of(new Candidate(plate, confidence), new Candidate(plate.substring(1), confidence / 3));
        List<TrackletRecord.Sighting> sightings = new ArrayList<>();
        for (int s = 0; s < SIGHTINGS; s++) {
            sightings.add(new TrackletRecord.Sighting(n * 100L + s, start.plusMillis(200L * s), new float[] {500.5f, 300.25f, 120.5f, 40.75f},
                    new float[] {500.5f, 300.25f, 620.5f, 301.5f, 620.75f, 340.5f, 500.25f, 341.5f}, 0.87654f, plate, confidence, candidates));
        }
        return new TrackletRecord(String.format("%08d-0000-4000-8000-%012d", n, n), "task" + n % CAMERAS, "cam" + n % CAMERAS, start,
                start.plusSeconds(4), plate, confidence, true, SIGHTINGS, candidates, Map.of(), "platewise-detector-int8:0.2.3",
                "platewise-reader:0.5.2", "tracklets/2026/12/03/crop-" + n + ".jpg", "tracklets/2026/12/03/frame-" + n + ".jpg",
                sightings.get(SIGHTINGS / 2), null, sightings);
    }

    /** A tracklet as the first schema stored it: one row, its details as JSON in it. */
    private static void firstSchemaRow(PreparedStatement insert, TrackletRecord record) throws Exception {
        TrackletStore.setColumns(insert, record);
        insert.setString(14, JSON.writeValueAsString(new TrackletStore.Details(record.candidates(), record.attributes(), record.best(),
                record.travel(), record.observations())));
    }

    /**
     * Milliseconds per tracklet stored one at a time, each in its own transaction as a task stores a finished
     * car, into each schema: the first one's row alone, and today's row, details and grams. Blocks of the two
     * take turns, so that the machine's drift falls on both.
     */
    private static double[] insertMillis(DataSource first, TrackletStore store, int from, int count, Instant now) throws Exception {
        long[] nanos = new long[2];
        try (Connection connection = first.getConnection(); PreparedStatement insert = connection.prepareStatement(FIRST_SCHEMA_INSERT)) {
            for (int block = 0; block < 10; block++) {
                for (int n = from + block * count / 10; n < from + (block + 1) * count / 10; n++) {
                    TrackletRecord record = tracklet(n, from, now);
                    long started = System.nanoTime();
                    firstSchemaRow(insert, record);
                    insert.executeUpdate();
                    nanos[0] += System.nanoTime() - started;
                    started = System.nanoTime();
                    store.insert(record);
                    nanos[1] += System.nanoTime() - started;
                }
            }
        }
        return new double[] {nanos[0] / 1e6 / count, nanos[1] / 1e6 / count};
    }

    /** The first schema's store: a count and a page, every column of its rows, ordered against the index. */
    private static long firstSchemaFind(DataSource db, TrackletQuery query) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.from() != null) {
            where.append(" AND start_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.cameraId() != null) {
            where.append(" AND camera_id = ?");
            parameters.add(query.cameraId());
        }
        if (query.taskId() != null) {
            where.append(" AND task_id = ?");
            parameters.add(query.taskId());
        }
        if (query.plate() != null) {
            where.append(" AND plate LIKE ? ESCAPE '!'");
            parameters.add("%" + query.plate() + "%");
        }
        if (query.minConfidence() != null) {
            where.append(" AND confidence >= ?");
            parameters.add(query.minConfidence());
        }
        try (Connection connection = db.getConnection()) {
            long total = 0;
            try (PreparedStatement count = prepare(connection, "SELECT COUNT(*) FROM tracklet" + where, parameters);
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
            try (PreparedStatement select = prepare(connection, "SELECT " + FIRST_SCHEMA_COLUMNS + " FROM tracklet" + where
                    + " ORDER BY start_at DESC, id OFFSET " + query.offset() + " ROWS FETCH NEXT " + query.limit() + " ROWS ONLY", parameters);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    details(rows);
                }
            }
            return total;
        }
    }

    private static void firstSchemaGet(DataSource db, String id) throws SQLException {
        try (Connection connection = db.getConnection();
                PreparedStatement select = prepare(connection, "SELECT " + FIRST_SCHEMA_COLUMNS + " FROM tracklet WHERE id = ?", List.of(id));
                ResultSet rows = select.executeQuery()) {
            rows.next();
            details(rows);
        }
    }

    /** As the first schema's store read a row: its details parsed. */
    private static TrackletStore.Details details(ResultSet rows) throws SQLException {
        try {
            return JSON.readValue(rows.getString("details"), TrackletStore.Details.class);
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    /** The plate as a reader that slips on every look-alike would read it: 0 as O, 8 as B, and back. */
    private static String swapLookAlikes(String plate) {
        StringBuilder swapped = new StringBuilder();
        for (char c : plate.toCharArray()) {
            int look = PlateMatch.LOOK_ALIKES.indexOf(c);
            int stands = PlateMatch.STANDS_FOR.indexOf(c);
            swapped.append(look >= 0 ? PlateMatch.STANDS_FOR.charAt(look) : stands >= 0 ? PlateMatch.LOOK_ALIKES.charAt(stands) : c);
        }
        return swapped.toString();
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double bestMillis(Work work) throws Exception {
        work.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - started);
        }
        return best / 1e6;
    }

    /** The database's files after a checkpoint, which writes its cached rows and empties its log. */
    private static double megabytesOnDisk(DataSource db, Path folder) throws SQLException, IOException {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            long bytes = 0;
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(path);
            }
            return bytes / 1e6;
        }
    }

    private static void shutdown(DataSource db) throws SQLException {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
