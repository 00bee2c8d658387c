package io.platewise.video.internal;

import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import io.platewise.video.decode.ClipReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** The implementation of {@link ClipReader}: a software decoder on one thread, no pacing, no loop. */
public final class ClipDecoding {

    private ClipDecoding() {
    }

    public static void read(Path file, double analysisFps, int maxWidth, ClipReader.Frames frames) throws IOException, InterruptedException {
        CameraSettings settings = CameraSettings.fromMap(Map.of("id", "clip", "source", file.toAbsolutePath().toString(), "realtime", false,
                "analysisFps", Math.max(0, analysisFps), "maxWidth", maxWidth, "hardwareDecoding", "software", "decoderThreads", 1));
        FrameSampler sampler = analysisFps < 0 ? FrameSampler.none() : new FrameSampler(analysisFps);
        long[] sequence = {0};
        try (FfmpegDecoder decoder = FfmpegDecoder.open(settings, new Interrupt())) {
            decoder.run(sampler, new FfmpegDecoder.Sink() {
                @Override
                public void decoded(long timestampMicros) {
                    frames.decoded(timestampMicros);
                }

                @Override
                public void sampled(long timestampMicros, FramePixels pixels) {
                    frames.sampled(new VideoFrame("clip", sequence[0]++, timestampMicros, Instant.now(), pixels));
                }
            });
        } catch (SourceException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
