package io.platewise.recognition.internal.evaluation;

import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.detection.DetectionArea;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.reading.PlateViews;
import io.platewise.recognition.internal.tracking.PlateTracker;
import io.platewise.recognition.internal.tracking.TrackerSettings;
import io.platewise.video.VideoFrame;
import io.platewise.video.decode.ClipReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/platewise bench pipeline}: the recognition pipeline on a 720p clip, as a task runs it
 * (decode, sample, detect, rectify, read, track), against decoding alone measured in the same run.
 * Prints frames per CPU-second, per-stage times, frame-to-read latency, and how many streams at
 * 5 fps analysis run in real time at once on this machine, with their heap.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    /** A detector's end-to-end passes: the one that took least CPU time is the one reported. */
    private static final class Measured {
        Stages best = new Stages();
        double bestCpu = Double.MAX_VALUE;

        void pass(Path clip, double fps, PlateDetector detector, PlateReader reader, Reading reading, ThreadMXBean threads) throws Exception {
            Stages stages = new Stages();
            long cpu = threads.getCurrentThreadCpuTime();
            analyse(clip, fps, detector, reader, reading, stages);
            double used = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (used < bestCpu) {
                bestCpu = used;
                best = stages;
            }
        }

        double framesPerCpuSecond() {
            return best.decoded.get() / bestCpu;
        }

        /** CPU time of the best pass outside the analysis of sampled frames (decoding, sampling), per analysed frame. */
        double decodingMs() {
            return (1000 * bestCpu - best.analysisCpuNanos.get() / 1e6) / Math.max(1, best.analysed.get());
        }
    }

    /** A table row: the detector's figure and, with a baseline (else null), the baseline's and their ratio. */
    private static void row(PrintStream out, String label, String format, java.util.function.ToDoubleFunction<Stages> figure, Stages single,
            Stages baseline) {
        double value = figure.applyAsDouble(single);
        if (baseline == null) {
            out.printf(Locale.ROOT, "%-44s " + format + "%n", label, value);
            return;
        }
        double other = figure.applyAsDouble(baseline);
        out.printf(Locale.ROOT, "%-44s " + format + " %12s " + format + " %12s %12s%n", label, value, "", other, "",
                other > 0 ? String.format(Locale.ROOT, "%.2f", value / other) : "-");
    }

    private static final class Stages {
        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong detectNanos = new AtomicLong();
        final AtomicLong letterboxNanos = new AtomicLong();
        final AtomicLong inferenceNanos = new AtomicLong();
        final AtomicLong cropNanos = new AtomicLong();
        final AtomicLong readNanos = new AtomicLong();
        final AtomicLong trackNanos = new AtomicLong();
        final AtomicLong analysed = new AtomicLong();
        /** CPU time of the thread inside the analysis of sampled frames. */
        final AtomicLong analysisCpuNanos = new AtomicLong();
        final AtomicLong plates = new AtomicLong();
        /** Plates read; the others were left unread, their car's read settled. */
        final AtomicLong read = new AtomicLong();
        final AtomicLong decoded = new AtomicLong();
        /** What the detector looked at in the last sampled frame. */
        volatile DetectionArea.Looked looked;

        double platesPerFrame() {
            return (double) plates.get() / Math.max(1, analysed.get());
        }

        double detectMs() {
            return milliseconds(detectNanos, analysed);
        }

        double letterboxMs() {
            return milliseconds(letterboxNanos, analysed);
        }

        double inferenceMs() {
            return milliseconds(inferenceNanos, analysed);
        }

        double decodedPerAnalysed() {
            return (double) decoded.get() / Math.max(1, analysed.get());
        }

        double cropMs() {
            return milliseconds(cropNanos, read);
        }

        double readMs() {
            return milliseconds(readNanos, read);
        }

        double readShare() {
            return (double) read.get() / Math.max(1, plates.get());
        }

        double trackMs() {
            return milliseconds(trackNanos, analysed);
        }

        /** Nanoseconds over a count, in milliseconds each. */
        private static double milliseconds(AtomicLong nanos, AtomicLong count) {
            return nanos.get() / 1e6 / Math.max(1, count.get());
        }

        double latency(double p) {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return percentile(sorted, p);
        }
    }

    public static int run(List<String> arguments, Path clip, PrintStream out, InferenceEngine engine) throws Exception {
        Path detectorPath = null;
        Path baselinePath = null;
        Path readerPath = null;
        double fps = 5;
        int maxStreams = 8;
        int views = TaskSettings.DEFAULT_READER_VIEWS;
        int settledReadInterval = TaskSettings.DEFAULT_SETTLED_READ_INTERVAL;
        List<float[]> zones = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--clip" -> clip = Path.of(arguments.get(++i));
                case "--detector" -> detectorPath = Path.of(arguments.get(++i));
                case "--baseline-detector" -> baselinePath = Path.of(arguments.get(++i));
                case "--reader" -> readerPath = Path.of(arguments.get(++i));
                case "--fps" -> fps = Double.parseDouble(arguments.get(++i));
                case "--max-streams" -> maxStreams = Integer.parseInt(arguments.get(++i));
                case "--views" -> views = Integer.parseInt(arguments.get(++i));
                case "--settled-read-interval" -> settledReadInterval = Integer.parseInt(arguments.get(++i));
                case "--zone" -> {
                    if (!ReaderEvaluation.addZone(arguments.get(++i), zones, out)) {
                        return 2;
                    }
                }
                default -> {
                    out.println("Unknown option " + arguments.get(i));
                    return 2;
                }
            }
        }
        if (detectorPath == null || readerPath == null) {
            out.println("Usage: platewise bench pipeline [--clip FILE] [--detector MODEL] [--baseline-detector MODEL] [--reader MODEL] [--fps 5]"
                    + " [--max-streams 8] [--views 3] [--settled-read-interval 5] [--zone X1,Y1,X2,Y2,...]...");
            return 2;
        }
        if (!PlateViews.allows(views)) {
            out.println("--views is 1 to " + PlateViews.CUTS.size() + ", not " + views);
            return 2;
        }
        if (settledReadInterval < 1 || settledReadInterval > TaskSettings.MAX_SETTLED_READ_INTERVAL) {
            out.println("--settled-read-interval is 1 to " + TaskSettings.MAX_SETTLED_READ_INTERVAL + ", not " + settledReadInterval);
            return 2;
        }
        Reading reading = new Reading(views, settledReadInterval, zones);
        ModelFiles detectorFiles = ModelFiles.resolve(detectorPath);
        ModelFiles readerFiles = ModelFiles.resolve(readerPath);
        ModelFiles baselineFiles = baselinePath == null ? null : ModelFiles.resolve(baselinePath);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Pipeline benchmark: %s, %d cores, analysis at %.0f fps, one thread per stream, 1 inference thread each%n",
                clip.getFileName(), cores, fps);
        out.printf(Locale.ROOT, "detector %s, reader %s (%d cut%s of each plate; a settled car's plate read 1 sighting in %d), on %s%n",
                detectorFiles.label(), readerFiles.label(), views, views == 1 ? "" : "s", settledReadInterval, engine.name());
        if (baselineFiles != null) {
            out.printf(Locale.ROOT, "baseline detector %s, its passes alternating with the detector's%n", baselineFiles.label());
        }

        // Decoding alone (the ceiling) and one stream end to end, every stage timed, in alternate
        // passes, best of 3 each: this shared machine's speed drifts by tens of per cent over a
        // minute, and alternating keeps the drift out of their ratio. The models are loaded once, as
        // a task loads them, and a first end-to-end pass (not counted) warms the JIT and the engine.
        double decodeCpu = Double.MAX_VALUE;
        long[] decoded = {0, 0}; // one pass: frames, the last frame's timestamp in microseconds
        Measured measured = new Measured();
        Measured baselineMeasured = new Measured();
        try (PlateDetector detector = detectorFiles.openDetector(engine); PlateReader reader = readerFiles.openReader(engine);
                PlateDetector baseline = baselineFiles == null ? null : baselineFiles.openDetector(engine)) {
            analyse(clip, fps, detector, reader, reading, new Stages());
            if (baseline != null) {
                analyse(clip, fps, baseline, reader, reading, new Stages());
            }
            for (int pass = 0; pass < 3; pass++) {
                decoded[0] = 0;
                long cpu = threads.getCurrentThreadCpuTime();
                ClipReader.read(clip, -1, 0, new ClipReader.Frames() {
                    @Override
                    public void decoded(long timestampMicros) {
                        decoded[0]++;
                        decoded[1] = timestampMicros;
                    }

                    @Override
                    public void sampled(VideoFrame frame) {
                    }
                });
                decodeCpu = Math.min(decodeCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);

                // With a baseline, the two detectors take turns going first, so that neither always
                // runs on a machine warmed (or slowed) by the other.
                boolean baselineFirst = baseline != null && pass % 2 == 1;
                if (baselineFirst) {
                    baselineMeasured.pass(clip, fps, baseline, reader, reading, threads);
                }
                measured.pass(clip, fps, detector, reader, reading, threads);
                if (baseline != null && !baselineFirst) {
                    baselineMeasured.pass(clip, fps, baseline, reader, reading, threads);
                }
            }
        }
        double ceiling = decoded[0] / decodeCpu;
        double clipSeconds = decoded[1] / 1e6;
        Stages single = measured.best;
        Stages base = baselineFiles == null ? null : baselineMeasured.best;
        DetectionArea.Looked looked = single.looked;
        if (looked != null && looked.magnification() != 1) {
            out.printf(Locale.ROOT, "the detector looks at the zones' area: %dx%d at %d,%d of the %dx%d frames, plates %.3f times as large%n",
                    looked.width(), looked.height(), looked.x(), looked.y(), looked.frameWidth(), looked.frameHeight(), looked.magnification());
        }
        if (base == null) {
            out.printf(Locale.ROOT, "%-44s %10s %12s%n", "", "value", "vs decode");
        } else {
            out.printf(Locale.ROOT, "%-44s %10s %12s %10s %12s %12s%n", "", "value", "vs decode", "baseline", "vs decode", "vs baseline");
        }
        out.printf(Locale.ROOT, "%-44s %10.1f %12s%n", "decode only, frames per CPU-second (ceiling)", ceiling, "1.00");
        double endToEnd = measured.framesPerCpuSecond();
        if (base == null) {
            out.printf(Locale.ROOT, "%-44s %10.1f %12.2f%n", "end to end, frames per CPU-second", endToEnd, endToEnd / ceiling);
        } else {
            double baselineEndToEnd = baselineMeasured.framesPerCpuSecond();
            out.printf(Locale.ROOT, "%-44s %10.1f %12.2f %10.1f %12.2f %12.2f%n", "end to end, frames per CPU-second", endToEnd,
                    endToEnd / ceiling, baselineEndToEnd, baselineEndToEnd / ceiling, endToEnd / baselineEndToEnd);
        }
        out.printf(Locale.ROOT, "%-44s %10d%n", "frames analysed (of " + single.decoded.get() + " decoded)", single.analysed.get());
        // The same ratio per analysed frame: the decoding it stands for against all it adds to that
        // (end to end reaches 0.5 of decode-only where the second comes down to the first).
        double decoding = 1000 * single.decodedPerAnalysed() / ceiling;
        out.printf(Locale.ROOT, "%-44s %10.2f%n", "decoding per analysed frame, ms", decoding);
        out.printf(Locale.ROOT, "%-44s %10.2f%n", "all else per analysed frame, ms", 1000 * single.decodedPerAnalysed() / endToEnd - decoding);
        // Decoding between model runs finds its caches evicted: how much of all else that is.
        out.printf(Locale.ROOT, "%-44s %10.2f%n", "  decoding in the end-to-end pass, ms", measured.decodingMs());
        out.printf(Locale.ROOT, "%-44s %10.2f%n", "  analysing the sampled frame (CPU), ms",
                single.analysisCpuNanos.get() / 1e6 / Math.max(1, single.analysed.get()));
        row(out, "plates per analysed frame", "%10.2f", Stages::platesPerFrame, single, base);
        row(out, "detect, ms per analysed frame", "%10.2f", Stages::detectMs, single, base);
        row(out, "  letterbox", "%10.2f", Stages::letterboxMs, single, base);
        row(out, "  model run and its outputs", "%10.2f", Stages::inferenceMs, single, base);
        row(out, "plates read (the rest: their car settled)", "%10.2f", Stages::readShare, single, base);
        row(out, "rectify, ms per plate read", "%10.2f", Stages::cropMs, single, base);
        row(out, "read, ms per plate read", "%10.2f", Stages::readMs, single, base);
        row(out, "track, ms per analysed frame", "%10.3f", Stages::trackMs, single, base);
        row(out, "frame-to-read latency p50, ms", "%10.1f", stages -> stages.latency(0.50), single, base);
        row(out, "frame-to-read latency p95, ms", "%10.1f", stages -> stages.latency(0.95), single, base);

        // Streams at once: each thread plays the clip as fast as it can; real time needs the
        // aggregate video-seconds per wall-second to reach the number of streams.
        out.printf(Locale.ROOT, "%n%-8s %20s %11s %17s %17s %17s%n", "streams", "video s per wall s", "real time?", "heap MiB (all)",
                "heap MiB/stream", "RSS MiB/stream");
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long baseHeap = runtime.totalMemory() - runtime.freeMemory();
        long baseResident = residentBytes();
        int sustained = 0;
        Path source = clip;
        double rateFps = fps;
        for (int streams : new int[] {1, 2, 4, 6, 8, 12, 16}) {
            if (streams > maxStreams) {
                break;
            }
            // Each stream has its own sessions, as each task has; they are opened before the clock starts.
            List<PlateDetector> detectors = new ArrayList<>();
            List<PlateReader> readers = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                detectors.add(detectorFiles.openDetector(engine));
                readers.add(readerFiles.openReader(engine));
            }
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            List<Future<Long>> runs = new ArrayList<>();
            long wall = System.nanoTime();
            for (int s = 0; s < streams; s++) {
                PlateDetector detector = detectors.get(s);
                PlateReader reader = readers.get(s);
                runs.add(pool.submit(() -> {
                    analyse(source, rateFps, detector, reader, reading, new Stages());
                    return System.nanoTime();
                }));
            }
            // Memory is sampled while every stream runs (each takes several seconds).
            Thread.sleep(1000);
            System.gc();
            long heap = runtime.totalMemory() - runtime.freeMemory();
            long resident = residentBytes();
            long finished = wall;
            for (Future<Long> future : runs) {
                finished = Math.max(finished, future.get());
            }
            pool.shutdown();
            detectors.forEach(PlateDetector::close);
            readers.forEach(PlateReader::close);
            wall = finished - wall;
            double rate = streams * clipSeconds / (wall / 1e9);
            boolean realTime = rate >= streams;
            if (realTime) {
                sustained = streams;
            }
            // Java heap after a collection mid-run, then it and the process's resident memory (ONNX
            // Runtime sessions live outside the heap) over what they were before any stream, per stream.
            out.printf(Locale.ROOT, "%-8d %20.2f %11s %17.1f %17.1f %17.1f%n", streams, rate, realTime ? "yes" : "no", heap / 1048576.0,
                    Math.max(0, heap - baseHeap) / 1048576.0 / streams, Math.max(0, resident - baseResident) / 1048576.0 / streams);
            if (!realTime) {
                break;
            }
        }
        out.printf(Locale.ROOT, "%nstreams sustained in real time at %.0f fps analysis: %d (tried 1, 2, 4, 6, 8, ... up to %d)%n", fps,
                sustained, maxStreams);
        return 0;
    }

    /**
     * How a task reads plates: cuts per plate, one sighting in how many of a car whose read is settled, and the zones whose
     * area its detector looks at ({@link DetectionArea}).
     */
    private record Reading(int views, int settledReadInterval, List<float[]> zones) {
    }

    /**
     * A task pipeline's stages, each timed; mirrors {@code TaskPipeline#process} (without plugins, templates or the zones'
     * filter: with zones, the detector looks at their area, and whatever it finds there is read).
     */
    private static void analyse(Path clip, double fps, PlateDetector detector, PlateReader reader, Reading reading, Stages stages) throws Exception {
        PlateTracker tracker = new PlateTracker("bench", TrackerSettings.defaults(), () -> "t");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Exception[] failure = {null};
        ClipReader.read(clip, fps, 0, new ClipReader.Frames() {
            @Override
            public void decoded(long timestampMicros) {
                stages.decoded.incrementAndGet();
            }

            @Override
            public void sampled(VideoFrame frame) {
                if (failure[0] != null) {
                    return;
                }
                long cpu = threads.getCurrentThreadCpuTime();
                try {
                    PlateDetector.Timings before = detector.timings();
                    long start = System.nanoTime();
                    DetectionArea area = DetectionArea.around(reading.zones(), frame.width(), frame.height(), detector.inputWidth(),
                            detector.inputHeight());
                    stages.looked = area.looked(frame.width(), frame.height(), detector.inputWidth(), detector.inputHeight());
                    List<PlateDetection> detections = detector.detect(frame.pixels(), area, 0.4f);
                    long detected = System.nanoTime();
                    PlateDetector.Timings after = detector.timings();
                    stages.detectNanos.addAndGet(detected - start);
                    stages.letterboxNanos.addAndGet(after.letterboxNanos() - before.letterboxNanos());
                    stages.inferenceNanos.addAndGet(after.inferenceNanos() - before.inferenceNanos());
                    List<Observation> sightings = new ArrayList<>();
                    java.time.Instant time = java.time.Instant.ofEpochMilli(frame.streamTimeMicros() / 1000);
                    long settling = System.nanoTime();
                    boolean[] settled = tracker.settledAmong(time, detections, reading.settledReadInterval());
                    stages.trackNanos.addAndGet(System.nanoTime() - settling);
                    for (int d = 0; d < detections.size(); d++) {
                        PlateDetection detection = detections.get(d);
                        if (settled[d]) {
                            sightings.add(new Observation(frame.sequence(), time, detection, null));
                            continue;
                        }
                        stages.read.incrementAndGet();
                        long t0 = System.nanoTime();
                        long[] cropping = new long[1];
                        PlateRead read = PlateViews.read(reader, margins -> {
                            long cut = System.nanoTime();
                            PlateCropper.Crop crop = PlateCropper.rectify(frame.pixels(), detection.corners(), margins);
                            cropping[0] += System.nanoTime() - cut;
                            return crop;
                        }, reading.views(), 5).read();
                        stages.cropNanos.addAndGet(cropping[0]);
                        stages.readNanos.addAndGet(System.nanoTime() - t0 - cropping[0]);
                        sightings.add(new Observation(frame.sequence(), time, detection, read));
                    }
                    long tracked = System.nanoTime();
                    tracker.update(time, sightings);
                    long end = System.nanoTime();
                    stages.trackNanos.addAndGet(end - tracked);
                    stages.latencies.add((end - start) / 1e6);
                    stages.analysed.incrementAndGet();
                    stages.plates.addAndGet(detections.size());
                } catch (Exception e) {
                    failure[0] = e;
                } finally {
                    stages.analysisCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** VmRSS of this process (Linux); 0 where /proc is not there. */
    private static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
