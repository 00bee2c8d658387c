package io.platewise.recognition.internal.tracklets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.internal.tracking.Travel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Tracklets in the database: one row each, and beside it, in a table of its own, the candidates and
 * sightings as JSON. Pages are read in two steps, the matching rows first and then the details of
 * those rows only, so that a search or a count never reads the sightings of all the tracklets it passes.
 * Each row also holds its reads' look-alike keys for a similar-plate search ({@link PlateMatch}), and the
 * grams of those keys go in a table of their own, for substring searches to use an index ({@link PlateGrams}).
 */
public final class TrackletStore {

    /** What the JSON column holds. */
    record Details(List<Candidate> candidates, Map<String, String> attributes, TrackletRecord.Sighting best, Travel travel,
            List<TrackletRecord.Sighting> observations) {
    }

    /** The row's columns before its keys, in the order {@link #setColumns} sets them; the first schema had them too. */
    static final String COLUMNS = "id, task_id, camera_id, start_at, end_at, plate, confidence, matches_template, sightings, "
            + "crop_ref, frame_ref, detector_model, reader_model";

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public TrackletStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(TrackletRecord record) throws SQLException {
        String details;
        try {
            details = json.writeValueAsString(new Details(record.candidates(), record.attributes(), record.best(), record.travel(), record.observations()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("Cannot write the tracklet's details: " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO tracklet (" + COLUMNS
                        + ", plate_keys, sighting_crops, heading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement insertDetails = connection.prepareStatement("INSERT INTO tracklet_detail (tracklet_id, details) VALUES (?, ?)");
                PreparedStatement insertGrams = connection.prepareStatement("INSERT INTO tracklet_gram (tracklet_id, gram) VALUES (?, ?)")) {
            String keys = PlateMatch.keys(record.plate(), record.candidates().stream().map(Candidate::text).toList(), PlateMatch.KEYS_LENGTH);
            inTransaction(connection, () -> {
                insertRow(insert, record, keys);
                insertDetails.setString(1, record.id());
                insertDetails.setString(2, details);
                insertDetails.executeUpdate();
                for (String gram : PlateGrams.ofKeys(keys)) {
                    insertGrams.setString(1, record.id());
                    insertGrams.setString(2, gram);
                    insertGrams.addBatch();
                }
                insertGrams.executeBatch();
                return null;
            });
        }
    }

    private static void insertRow(PreparedStatement insert, TrackletRecord record, String keys) throws SQLException {
        setColumns(insert, record);
        insert.setString(14, keys);
        List<String> sightingCrops = record.sightingCropRefs();
        insert.setString(15, sightingCrops.isEmpty() ? null : String.join(" ", sightingCrops));
        insert.setString(16, record.travel() == null ? null : record.travel().heading().name());
        insert.executeUpdate();
    }

    /** Parameters 1 to 13 of an insert: the record's {@link #COLUMNS}. */
    static void setColumns(PreparedStatement insert, TrackletRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.taskId());
        insert.setString(3, record.cameraId());
        insert.setObject(4, OffsetDateTime.ofInstant(record.start(), ZoneOffset.UTC));
        insert.setObject(5, OffsetDateTime.ofInstant(record.end(), ZoneOffset.UTC));
        insert.setString(6, record.plate());
        insert.setFloat(7, record.confidence());
        insert.setBoolean(8, record.matchesTemplate());
        insert.setInt(9, record.sightings());
        insert.setString(10, record.cropRef());
        insert.setString(11, record.frameRef());
        insert.setString(12, record.detectorModel());
        insert.setString(13, record.readerModel());
    }

    public Optional<TrackletRecord> get(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM tracklet WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Row row = row(rows);
                return Optional.of(row.with(details(connection, List.of(id)).get(id)));
            }
        }
    }

    /** The page of matching tracklets, newest first, and how many match in all. */
    public record Page(long total, List<TrackletRecord> items) {
    }

    public Page find(TrackletQuery query) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.from() != null) {
            where.append(" AND start_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.append(" AND start_at < ?");
            parameters.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
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
            switch (query.plateMatch()) {
                // POSITION, not LIKE '%...%': for a LIKE, HSQLDB walks the plate index and fetches the rows in
                // plate order, which took twice as long over 100,000 tracklets (bench tracklets).
                case CONTAINS -> {
                    holdingGrams(where, parameters, PlateMatch.key(query.plate()), false);
                    where.append(" AND POSITION(? IN plate) > 0");
                    parameters.add(query.plate());
                }
                case EXACT -> {
                    where.append(" AND plate = ?");
                    parameters.add(query.plate());
                }
                case SIMILAR -> {
                    holdingGrams(where, parameters, PlateMatch.key(query.plate()), false);
                    where.append(" AND POSITION(? IN plate_keys) > 0");
                    parameters.add(PlateMatch.key(query.plate()));
                }
                case NEAR -> {
                    holdingGrams(where, parameters, PlateMatch.key(query.plate()), true);
                    List<String> patterns = PlateMatch.nearPatterns(query.plate());
                    where.append(" AND (").append(String.join(" OR ", Collections.nCopies(patterns.size(), "plate_keys LIKE ? ESCAPE '!'")))
                            .append(')');
                    parameters.addAll(patterns);
                }
            }
        }
        if (query.heading() != null) {
            where.append(" AND heading = ?");
            parameters.add(query.heading().name());
        }
        if (query.minConfidence() != null) {
            where.append(" AND confidence >= ?");
            parameters.add(query.minConfidence());
        }
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = prepare(connection, "SELECT COUNT(*) FROM tracklet" + where, parameters);
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
            List<Row> page = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM tracklet" + where
                    + " ORDER BY start_at DESC, id DESC OFFSET " + query.offset() + " ROWS FETCH NEXT " + query.limit() + " ROWS ONLY",
                    parameters);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(row(rows));
                }
            }
            Map<String, Details> details = details(connection, page.stream().map(Row::id).toList());
            List<TrackletRecord> items = new ArrayList<>();
            for (Row row : page) {
                items.add(row.with(details.get(row.id())).withoutObservations());
            }
            return new Page(total, items);
        }
    }

    /**
     * Narrows a substring search to the tracklets whose keys hold the grams of the text's key (as many as
     * {@link PlateGrams#required} says), through the gram index; the search's own test then checks those only.
     */
    private static void holdingGrams(StringBuilder where, List<Object> parameters, String key, boolean near) {
        Set<String> grams = PlateGrams.of(key);
        int required = PlateGrams.required(grams, key, near);
        if (required == 0) {
            return;
        }
        // The gram leads the table's key so that the IN list is looked up gram by gram: behind a first column of
        // two values (plate or keys, in a first version), HSQLDB read half the index, five times slower than a
        // scan of the rows (bench tracklets).
        where.append(" AND id IN (SELECT tracklet_id FROM tracklet_gram WHERE gram IN (")
                .append(String.join(", ", Collections.nCopies(grams.size(), "?")))
                .append(") GROUP BY tracklet_id HAVING COUNT(*) >= ?)");
        parameters.addAll(grams);
        parameters.add(required);
    }

    /** A stored tracklet as deletion sees it: its row and the files it holds (crop, frame, and its sightings' crops). */
    public record Stored(String id, String cropRef, String frameRef, List<String> sightingCropRefs) {

        public Stored {
            sightingCropRefs = List.copyOf(sightingCropRefs);
        }

        /** Every file, the missing ones left out. */
        public List<String> files() {
            List<String> files = new ArrayList<>();
            if (cropRef != null) {
                files.add(cropRef);
            }
            if (frameRef != null) {
                files.add(frameRef);
            }
            files.addAll(sightingCropRefs);
            return files;
        }
    }

    /** The oldest tracklets, by start, that started before {@code before} (any when null); at most {@code limit}. */
    public List<Stored> oldest(Instant before, int limit) throws SQLException {
        String where = before == null ? "" : " WHERE start_at < ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, crop_ref, frame_ref, sighting_crops FROM tracklet" + where
                        + " ORDER BY start_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
            if (before != null) {
                select.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            }
            return stored(select);
        }
    }

    /** The tracklets whose plate is exactly this text. */
    public List<Stored> withPlate(String plate) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, crop_ref, frame_ref, sighting_crops FROM tracklet WHERE plate = ?")) {
            select.setString(1, plate);
            return stored(select);
        }
    }

    private static List<Stored> stored(PreparedStatement select) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String sightingCrops = rows.getString("sighting_crops");
                stored.add(new Stored(rows.getString("id"), rows.getString("crop_ref"), rows.getString("frame_ref"),
                        sightingCrops == null || sightingCrops.isBlank() ? List.of() : List.of(sightingCrops.trim().split(" +"))));
            }
        }
        return stored;
    }

    /** Deletes the rows, in one transaction; @return how many there were. */
    public int delete(List<String> ids) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM tracklet WHERE id = ?")) {
            return inTransaction(connection, () -> {
                for (String id : ids) {
                    delete.setString(1, id);
                    delete.addBatch();
                }
                int deleted = 0;
                for (int count : delete.executeBatch()) {
                    deleted += Math.max(0, count);
                }
                return deleted;
            });
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** The work committed as one, or rolled back when it fails; the connection's auto-commit is given back either way. */
    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /** A tracklet's row, before its details are read. */
    private record Row(String id, String taskId, String cameraId, Instant start, Instant end, String plate, float confidence,
            boolean matchesTemplate, int sightings, String detectorModel, String readerModel, String cropRef, String frameRef) {

        TrackletRecord with(Details details) throws SQLException {
            if (details == null) {
                throw new SQLException("Tracklet " + id + " has no details");
            }
            return new TrackletRecord(id, taskId, cameraId, start, end, plate, confidence, matchesTemplate, sightings,
                    details.candidates(), details.attributes(), detectorModel, readerModel, cropRef, frameRef, details.best(),
                    details.travel(), details.observations());
        }
    }

    private static Row row(ResultSet rows) throws SQLException {
        return new Row(rows.getString("id"), rows.getString("task_id"), rows.getString("camera_id"),
                rows.getObject("start_at", OffsetDateTime.class).toInstant(), rows.getObject("end_at", OffsetDateTime.class).toInstant(),
                rows.getString("plate"), rows.getFloat("confidence"), rows.getBoolean("matches_template"), rows.getInt("sightings"),
                rows.getString("detector_model"), rows.getString("reader_model"), rows.getString("crop_ref"), rows.getString("frame_ref"));
    }

    /** The details of these tracklets (a page at most), by id. */
    private Map<String, Details> details(Connection connection, List<String> ids) throws SQLException {
        Map<String, Details> details = new HashMap<>();
        if (ids.isEmpty()) {
            return details;
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = prepare(connection, "SELECT tracklet_id, details FROM tracklet_detail WHERE tracklet_id IN ("
                + placeholders + ")", new ArrayList<>(ids));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString("tracklet_id");
                try {
                    details.put(id, json.readValue(rows.getString("details"), new TypeReference<Details>() { }));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException("Tracklet " + id + " has unreadable details: " + e.getMessage(), e);
                }
            }
        }
        return details;
    }
}
