package io.platewise.video.internal;

import io.platewise.video.CameraState;
import io.platewise.video.CameraStatus;
import io.platewise.video.FramePixels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera: a thread of its own that opens the source, decodes, samples, and reconnects with
 * back-off. It never throws out of its thread and never spins: every failure ends in a state with
 * a message and, unless retrying cannot help, a wait before the next attempt.
 */
final class CameraSource {

    /** Where the source reports; implemented by the camera manager. */
    interface Listener {
        void frame(CameraSettings settings, long sequence, long timestampMicros, FramePixels pixels);

        void stateChanged(String cameraId, CameraState previous, CameraState state, String message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);

    private final CameraSettings settings;
    private final Listener listener;
    private final AtomicLong sequence;
    private final Interrupt interrupt = new Interrupt();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), ThreadLocalRandom.current());
    private final Thread thread;
    private final Clock clock = Clock.systemUTC();

    private volatile CameraState state = CameraState.CONNECTING;
    private volatile String message = "Starting";
    private volatile Instant since = Instant.now();
    private volatile String decodePath = "";
    private volatile String codec = "";
    private volatile int width;
    private volatile int height;
    private volatile double sourceFps;
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    /**
     * @param sequence shared with earlier sources of the same camera, so sequence numbers keep rising
     */
    CameraSource(CameraSettings settings, Listener listener, AtomicLong sequence) {
        this.settings = settings;
        this.listener = listener;
        this.sequence = sequence;
        this.thread = new Thread(this::loop, "platewise-camera-" + settings.id());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and waits for it (FFmpeg calls are interrupted through the callback). */
    void stop() {
        interrupt.stop();
        thread.interrupt();
        try {
            thread.join(FfmpegDecoder.READ_TIMEOUT_MILLIS + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Camera {} did not stop within its read timeout", settings.id());
        }
    }

    CameraSettings settings() {
        return settings;
    }

    CameraStatus status(long delivered, long dropped) {
        return new CameraStatus(settings.id(), settings.name(), settings.redactedSource(), state, message, since, decodePath,
                codec, width, height, sourceFps, decoded.get(), sampled.get(), delivered, dropped, reconnects.get());
    }

    private void loop() {
        boolean first = true;
        while (!interrupt.stopped()) {
            if (!first) {
                reconnects.incrementAndGet();
            }
            first = false;
            setState(CameraState.CONNECTING, "Opening " + settings.redactedSource());
            try (FfmpegDecoder decoder = FfmpegDecoder.open(settings, interrupt)) {
                decodePath = decoder.decodePath();
                codec = decoder.codec();
                width = decoder.width();
                height = decoder.height();
                sourceFps = decoder.sourceFps();
                if (stream(decoder)) {
                    return;
                }
            } catch (SourceException e) {
                if (interrupt.stopped()) {
                    return;
                }
                if (e.permanent()) {
                    setState(CameraState.FAILED, e.getMessage() + " (fix the camera's configuration to try again)");
                    return;
                }
                Duration wait = backoff.next();
                setState(CameraState.BACKING_OFF, e.getMessage() + "; next attempt in " + wait.toSeconds() + " s");
                if (!sleep(wait)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                // A bug, a native library problem or a frame too large for the heap must not kill the source, nor spin.
                LOG.error("Camera {} failed unexpectedly", settings.id(), e);
                Duration wait = backoff.next();
                setState(CameraState.BACKING_OFF, "Unexpected error: " + e + "; next attempt in " + wait.toSeconds() + " s");
                if (!sleep(wait)) {
                    return;
                }
            }
        }
    }

    /**
     * Decodes one opened source until it ends. Returns true when the source is done for good
     * (stopped, or a non-looping file played to its end); false to reconnect.
     */
    private boolean stream(FfmpegDecoder decoder) throws SourceException, InterruptedException {
        FrameSampler sampler = new FrameSampler(settings.analysisFps());
        Pacer pacer = new Pacer(settings.kind() == CameraSettings.Kind.FILE && settings.realtime());
        long[] framesThisPass = {0};
        FfmpegDecoder.Sink sink = new FfmpegDecoder.Sink() {
            @Override
            public void decoded(long timestampMicros) throws InterruptedException {
                if (framesThisPass[0]++ == 0) {
                    backoff.reset();
                    if (state != CameraState.STREAMING) {
                        setState(CameraState.STREAMING, "Decoding " + codec + " " + width + "x" + height + " with " + decodePath);
                    }
                }
                decoded.incrementAndGet();
                pacer.await(timestampMicros);
            }

            @Override
            public void sampled(long timestampMicros, FramePixels pixels) {
                sampled.incrementAndGet();
                listener.frame(settings, sequence.incrementAndGet(), timestampMicros, pixels);
            }
        };
        while (true) {
            framesThisPass[0] = 0;
            FfmpegDecoder.End end = decoder.run(sampler, sink);
            if (end == FfmpegDecoder.End.STOPPED) {
                return true;
            }
            if (framesThisPass[0] == 0) {
                throw new SourceException("No decodable video frame in " + settings.redactedSource(), false);
            }
            if (settings.kind() != CameraSettings.Kind.FILE) {
                throw new SourceException("Stream ended: " + settings.redactedSource(), false);
            }
            if (!settings.loop()) {
                setState(CameraState.ENDED, "End of file after " + decoded.get() + " frames");
                return true;
            }
            if (!decoder.rewind()) {
                throw new SourceException("Cannot seek back to the start of " + settings.redactedSource(), false);
            }
            pacer.restart();
        }
    }

    private boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return !interrupt.stopped();
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void setState(CameraState next, String text) {
        CameraState previous = state;
        boolean changed = previous != next;
        state = next;
        message = text;
        if (changed) {
            since = clock.instant();
            if (next == CameraState.STREAMING || next == CameraState.CONNECTING) {
                LOG.info("Camera {}: {} - {}", settings.id(), next, text);
            } else {
                LOG.warn("Camera {}: {} - {}", settings.id(), next, text);
            }
            listener.stateChanged(settings.id(), previous, next, text);
        }
    }

    /** Plays a file at its own frame rate, as a camera would deliver it. */
    static final class Pacer {
        private final boolean enabled;
        private long startNanos = Long.MIN_VALUE;
        private long startMicros;

        Pacer(boolean enabled) {
            this.enabled = enabled;
        }

        void await(long timestampMicros) throws InterruptedException {
            if (!enabled) {
                return;
            }
            long now = System.nanoTime();
            if (startNanos == Long.MIN_VALUE || timestampMicros < startMicros) {
                startNanos = now;
                startMicros = timestampMicros;
                return;
            }
            long dueNanos = startNanos + (timestampMicros - startMicros) * 1000L;
            long waitNanos = dueNanos - now;
            if (waitNanos > 2_000_000_000L) {
                // A timestamp far ahead (a gap in the file): do not stall, start the clock again.
                restart();
                return;
            }
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
        }

        void restart() {
            startNanos = Long.MIN_VALUE;
        }
    }
}
