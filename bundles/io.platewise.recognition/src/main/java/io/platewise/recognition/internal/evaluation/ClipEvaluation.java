package io.platewise.recognition.internal.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.pipeline.FinishedTracklet;
import io.platewise.recognition.internal.pipeline.LoadedModels;
import io.platewise.recognition.internal.pipeline.PipelineStats;
import io.platewise.recognition.internal.pipeline.TaskPipeline;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.tracking.PlateTracker;
import io.platewise.recognition.internal.tracking.TrackerSettings;
import io.platewise.recognition.internal.tracking.Travel;
import io.platewise.video.VideoFrame;
import io.platewise.video.decode.ClipReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Evaluation on a video clip, as a task sees a camera: the clip decoded and sampled at the task's
 * analysis rate, each kept frame through the task's own pipeline (detector, filters, rectification,
 * reader, templates, verification, tracker, vote), and the tracklets it gives compared with the
 * cars the labels say were there. What a stream gives, which single images do not show: the vote
 * over a car's sightings, and tracklets split or merged by the tracker.
 *
 * <p>Labels ({@code time_ms,plate}, a row per frame a plate is seen in, other columns ignored): a
 * plate's rows are one car until the plate is gone for more than {@link #CAR_GAP_MS}, then another.
 * A tracklet belongs to the car whose time it overlaps most (each car takes one tracklet, the one
 * that overlaps it most); the car is read right when that tracklet's best read is its plate.
 * Tracklets left over are extra: a car seen as two, or something that was no car.
 */
final class ClipEvaluation {

    /** A plate unseen this long has left; seen again, it is another car (a car leaving and coming back). */
    static final long CAR_GAP_MS = 2_000;
    /** The stream time labels and tracklets may disagree by at either end (a frame or two at 5 fps). */
    private static final long SLACK_MS = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClipEvaluation() {
    }

    /** @param heading which way the labels say the car went (their {@code heading} column), null where they do not say */
    record Car(String plate, long startMs, long endMs, String heading) {

        Car(String plate, long startMs, long endMs) {
            this(plate, startMs, endMs, null);
        }
    }

    private record Seen(long timeMs, String heading) {
    }

    /** The cars of a clip's labels, by start. */
    static List<Car> cars(List<Map<String, String>> rows) {
        Map<String, List<Seen>> sightings = new TreeMap<>();
        for (Map<String, String> row : rows) {
            String plate = ReaderEvaluation.plateLabel(row);
            if (!plate.isEmpty()) {
                String time = row.getOrDefault("time_ms", "").trim();
                String heading = row.getOrDefault("heading", "").trim();
                try {
                    sightings.computeIfAbsent(plate, p -> new ArrayList<>()).add(new Seen(Long.parseLong(time),
                            heading.isEmpty() ? null : heading.toUpperCase(Locale.ROOT)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("time_ms must be whole milliseconds, not '" + time + "' (plate " + plate + ")");
                }
            }
        }
        List<Car> cars = new ArrayList<>();
        sightings.forEach((plate, seen) -> {
            seen.sort(Comparator.comparingLong(Seen::timeMs));
            Seen start = seen.get(0);
            long last = start.timeMs();
            for (Seen sighting : seen) {
                if (sighting.timeMs() - last > CAR_GAP_MS) {
                    cars.add(new Car(plate, start.timeMs(), last, start.heading()));
                    start = sighting;
                }
                last = sighting.timeMs();
            }
            cars.add(new Car(plate, start.timeMs(), last, start.heading()));
        });
        cars.sort(Comparator.comparingLong(Car::startMs).thenComparing(Car::plate));
        return cars;
    }

    static int run(Path clip, List<Map<String, String>> rows, ModelFiles detectorFiles, ModelFiles readerFiles, TaskSettings settings,
            double analysisFps, Path json, PrintStream out, InferenceEngine engine) throws Exception {
        List<Car> cars;
        try {
            cars = cars(rows);
        } catch (IllegalArgumentException e) {
            out.println("The labels of " + clip + " cannot be used: " + e.getMessage());
            return 2;
        }
        List<Tracklet> tracklets = new ArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        long[] frames = {0};
        PipelineStats stats;
        long started = System.nanoTime();
        PlateDetector detector = detectorFiles.openDetector(engine);
        PlateReader reader;
        try {
            reader = readerFiles.openReader(engine);
        } catch (Exception e) {
            detector.close();
            throw e;
        }
        LoadedModels models = LoadedModels.of(detectorFiles.label(), detector, readerFiles.label(), reader, engine.name());
        // Closing the pipeline ends every track still open (the clip is over) and closes the models.
        try (TaskPipeline pipeline = new TaskPipeline("eval", models, settings,
                new PlateTracker("clip", TrackerSettings.defaults(), () -> "t" + ids.incrementAndGet()), List::of,
                (FinishedTracklet finished) -> tracklets.add(finished.tracklet()))) {
            ClipReader.Frames toPipeline = new ClipReader.Frames() {
                @Override
                public void decoded(long timestampMicros) {
                }

                @Override
                public void sampled(VideoFrame frame) {
                    // Stream time as the clock: decoding runs faster than real time, and the tracker bridges gaps by time.
                    Instant at = Instant.ofEpochMilli(frame.streamTimeMicros() / 1000);
                    pipeline.onFrame(new VideoFrame(frame.cameraId(), frame.sequence(), frame.streamTimeMicros(), at, frame.pixels()));
                    frames[0]++;
                }
            };
            try {
                ClipReader.read(clip, analysisFps, 0, toPipeline);
            } catch (IOException e) {
                out.println("Cannot evaluate " + clip + ": " + e.getMessage());
                return 2;
            }
            stats = pipeline.stats();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        tracklets.sort(Comparator.comparing(Tracklet::start));

        Tracklet[] taken = matched(cars, tracklets);
        Set<Tracklet> used = Collections.newSetFromMap(new IdentityHashMap<>());
        used.addAll(Arrays.asList(taken));
        List<Tracklet> extra = tracklets.stream().filter(t -> !used.contains(t)).toList();
        int right = 0;
        int wrong = 0;
        // The matched cars' sightings one by one, as a single image would have them: what the vote adds.
        int sightings = 0;
        int sightingsRight = 0;
        List<Map<String, Object>> results = new ArrayList<>();
        // Which way the matched cars went, as their tracklets say, and where the labels say it too, whether that is right.
        Map<Travel.Heading, Integer> headings = new EnumMap<>(Travel.Heading.class);
        Map<String, int[]> headingsRight = new TreeMap<>();
        for (int c = 0; c < cars.size(); c++) {
            Car car = cars.get(c);
            Tracklet tracklet = taken[c];
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("plate", car.plate());
            result.put("startMs", car.startMs());
            result.put("endMs", car.endMs());
            if (tracklet != null) {
                boolean correct = tracklet.best().text().equals(car.plate());
                right += correct ? 1 : 0;
                wrong += correct ? 0 : 1;
                result.put("read", tracklet.best().text());
                result.put("confidence", tracklet.best().confidence());
                result.put("sightings", tracklet.observations().size());
                // Each sighting where and what it read (empty: unread, or read less surely than the recognition threshold).
                result.put("seen", tracklet.observations().stream().map(o -> List.of(o.capturedAt().toEpochMilli(),
                        Math.round(o.detection().centerX()), Math.round(o.detection().centerY()), Math.round(o.detection().width()),
                        o.read() == null ? "" : o.read().text())).toList());
                Travel travel = Travel.of(tracklet.observations());
                result.put("travel", travel);
                headings.merge(travel.heading(), 1, Integer::sum);
                if (car.heading() != null) {
                    result.put("labelledHeading", car.heading());
                    int[] counts = headingsRight.computeIfAbsent(car.heading(), h -> new int[2]);
                    counts[0] += car.heading().equals(travel.heading().name()) ? 1 : 0;
                    counts[1]++;
                }
                for (Observation observation : tracklet.observations()) {
                    sightings++;
                    sightingsRight += observation.read() != null && observation.read().text().equals(car.plate()) ? 1 : 0;
                }
                result.put("correct", correct);
            } else {
                result.put("read", null);
                result.put("correct", false);
                if (car.heading() != null) {
                    // A car without a tracklet has no heading: it counts as not right.
                    result.put("labelledHeading", car.heading());
                    headingsRight.computeIfAbsent(car.heading(), h -> new int[2])[1]++;
                }
            }
            results.add(result);
        }
        int missed = cars.size() - right - wrong;
        double accuracy = 100.0 * right / Math.max(1, cars.size());
        double found = 100.0 * (right + wrong) / Math.max(1, cars.size());
        out.printf(Locale.ROOT, "clip                %s (as a task: %s frames per second kept)%n", clip,
                analysisFps == 0 ? "all" : String.format(Locale.ROOT, "%.2f", analysisFps));
        out.printf(Locale.ROOT, "detector            %s%n", detectorFiles.label());
        out.printf(Locale.ROOT, "reader              %s%n", readerFiles.label());
        out.printf(Locale.ROOT, "frames analysed     %d, %.1f s%n", frames[0], seconds);
        out.printf(Locale.ROOT, "cars                %d labelled (a plate unseen for over %.0f s is another car); %d tracklets%n", cars.size(),
                CAR_GAP_MS / 1000.0, tracklets.size());
        out.printf(Locale.ROOT, "cars read right     %.2f%% (%d): the tracklet of the car has its plate as best read%n", accuracy, right);
        out.printf(Locale.ROOT, "cars read wrong     %d; cars with no tracklet %d%n", wrong, missed);
        double sightingAccuracy = 100.0 * sightingsRight / Math.max(1, sightings);
        out.printf(Locale.ROOT, "plates read         %d; left unread %d (their car's read settled: one sighting in %d read)%n", stats.reads(),
                stats.settledUnread(), settings.settledReadInterval());
        out.printf(Locale.ROOT, "sightings read right %.2f%% of %d: the tracklets' sightings one by one, before the vote%s%n", sightingAccuracy,
                sightings, stats.settledUnread() == 0 ? "" : " (unread ones count as not right: --settled-read-interval 1 reads them all)");
        out.printf(Locale.ROOT, "extra tracklets     %d (a car split in two, or no car)%n", extra.size());
        out.printf(Locale.ROOT, "headings            %s (of the cars with a tracklet)%n", headings.isEmpty() ? "none"
                : headings.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        if (!headingsRight.isEmpty()) {
            int headingRight = headingsRight.values().stream().mapToInt(c -> c[0]).sum();
            int headingLabelled = headingsRight.values().stream().mapToInt(c -> c[1]).sum();
            out.printf(Locale.ROOT, "headings right      %d of %d cars as labelled, a car without a tracklet not right (%s)%n", headingRight, headingLabelled, headingsRight.entrySet()
                    .stream().map(e -> e.getKey().toLowerCase(Locale.ROOT) + " " + e.getValue()[0] + "/" + e.getValue()[1])
                    .collect(Collectors.joining(", ")));
        }
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("clip", clip.toString());
            report.put("mode", "clip");
            report.put("detector", detectorFiles.label());
            report.put("reader", readerFiles.label());
            report.put("analysisFps", analysisFps);
            report.put("frames", frames[0]);
            report.put("cars", results);
            report.put("accuracy", accuracy);
            report.put("found", found);
            report.put("sightingAccuracy", sightingAccuracy);
            report.put("platesRead", stats.reads());
            report.put("platesLeftUnread", stats.settledUnread());
            report.put("extraTracklets", extra.stream().map(t -> Map.of("read", t.best().text(), "startMs", t.start().toEpochMilli(), "endMs",
                    t.end().toEpochMilli())).toList());
            JSON.writeValue(json.toFile(), report);
        }
        out.printf(Locale.ROOT, "accuracy=%.2f recall=%.2f fp_per_image=n/a extra_tracklets=%d%n", accuracy, found, extra.size());
        return 0;
    }

    /**
     * The tracklet each car takes (null for none), longest overlaps first, so that a short stray
     * tracklet never takes a car from the one that followed it; each tracklet goes to one car at most.
     */
    private static Tracklet[] matched(List<Car> cars, List<Tracklet> tracklets) {
        record Overlap(int car, Tracklet tracklet, long millis) {
        }
        List<Overlap> overlaps = new ArrayList<>();
        for (Tracklet tracklet : tracklets) {
            for (int c = 0; c < cars.size(); c++) {
                long overlap = overlap(cars.get(c), tracklet);
                if (overlap >= 0) {
                    overlaps.add(new Overlap(c, tracklet, overlap));
                }
            }
        }
        overlaps.sort(Comparator.comparingLong(Overlap::millis).reversed());
        Tracklet[] taken = new Tracklet[cars.size()];
        Set<Tracklet> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Overlap overlap : overlaps) {
            if (taken[overlap.car()] == null && !used.contains(overlap.tracklet())) {
                taken[overlap.car()] = overlap.tracklet();
                used.add(overlap.tracklet());
            }
        }
        return taken;
    }

    /** Milliseconds a tracklet and a car share, within the slack; negative when they do not meet. */
    private static long overlap(Car car, Tracklet tracklet) {
        long start = Math.max(car.startMs() - SLACK_MS, tracklet.start().toEpochMilli());
        long end = Math.min(car.endMs() + SLACK_MS, tracklet.end().toEpochMilli());
        return end - start;
    }
}
