package io.platewise.video.internal;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.platewise.video.FramePixels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * One open video source, decoded with FFmpeg. Every frame is decoded (later frames depend on
 * earlier ones), but only the frames the sampler keeps are copied out (as planes, or scaled and
 * converted to BGR), so skipped frames cost only their decoding. Not thread-safe: one source thread
 * owns it.
 */
final class FfmpegDecoder implements AutoCloseable {

    /** What the decoder hands out. */
    interface Sink {
        /** Every decoded frame; may block to pace a file at its own frame rate. */
        void decoded(long timestampMicros) throws InterruptedException;

        /**
         * Frames the sampler kept: as their 4:2:0 planes where the decoder gives those at the size
         * wanted (converted to BGR when first asked), else scaled and converted to packed BGR.
         */
        void sampled(long timestampMicros, FramePixels pixels);
    }

    enum End { END_OF_INPUT, STOPPED }

    /** libswscale's flags for every conversion to BGR (unscaled, they pick its fast converter). */
    static final int SCALING_FLAGS = SWS_BILINEAR;
    static final long OPEN_TIMEOUT_MILLIS = 15_000;
    static final long READ_TIMEOUT_MILLIS = 10_000;
    private static final int EAGAIN = 11;

    private final Interrupt interrupt;
    private final CameraSettings settings;
    private AVFormatContext format;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private AVFrame converted;
    private SwsContext scaler;
    /** Converts this decoder's kept planes to BGR when a consumer asks; closed with it (see there). */
    private final BgrConversion planesToBgr = new BgrConversion();
    private int streamIndex;
    private AVRational timeBase;
    private String codecName;
    private String decodePath;
    private double sourceFps;
    private long lastTimestampMicros = Long.MIN_VALUE;
    private long decodeErrors;

    private FfmpegDecoder(CameraSettings settings, Interrupt interrupt) {
        this.settings = settings;
        this.interrupt = interrupt;
    }

    static {
        // FFmpeg's own console output is noise next to our states and messages.
        av_log_set_level(AV_LOG_FATAL);
    }

    static FfmpegDecoder open(CameraSettings settings, Interrupt interrupt) throws SourceException {
        FfmpegDecoder decoder = new FfmpegDecoder(settings, interrupt);
        try {
            decoder.openInput();
            return decoder;
        } catch (SourceException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    private void openInput() throws SourceException {
        String input = settings.ffmpegInput();
        if (settings.kind() == CameraSettings.Kind.FILE && !Files.isRegularFile(Path.of(input))) {
            throw new SourceException("File not found: " + input, false);
        }
        format = avformat_alloc_context();
        format.interrupt_callback().callback(interrupt);
        AVDictionary options = new AVDictionary(null);
        String ioTimeoutMicros = String.valueOf(READ_TIMEOUT_MILLIS * 1000);
        switch (settings.kind()) {
            case RTSP -> {
                av_dict_set(options, "rtsp_transport", settings.rtspTransport(), 0);
                av_dict_set(options, "timeout", ioTimeoutMicros, 0);
            }
            case HTTP -> av_dict_set(options, "rw_timeout", ioTimeoutMicros, 0);
            case FILE -> { }
        }
        interrupt.arm(OPEN_TIMEOUT_MILLIS);
        int result = avformat_open_input(format, input, null, options);
        av_dict_free(options);
        if (result < 0) {
            format = null; // freed by FFmpeg on failure
            throw new SourceException(describe(result, settings.redactedSource(), interrupt), isPermanentOpenError(result));
        }
        result = avformat_find_stream_info(format, (AVDictionary) null);
        if (result < 0) {
            throw new SourceException("Cannot read stream information of " + settings.redactedSource() + ": "
                    + describe(result, settings.redactedSource(), interrupt), false);
        }
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (streamIndex < 0) {
            throw new SourceException("No video stream in " + settings.redactedSource(), true);
        }
        AVStream stream = format.streams(streamIndex);
        timeBase = stream.time_base();
        AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
        sourceFps = rate.den() == 0 ? 0 : (double) rate.num() / rate.den();
        AVCodecParameters parameters = stream.codecpar();
        AVCodec software = avcodec_find_decoder(parameters.codec_id());
        if (software == null || software.isNull()) {
            BytePointer name = avcodec_get_name(parameters.codec_id());
            throw new SourceException("Unsupported codec '" + (name == null ? "unknown" : name.getString())
                    + "' in " + settings.redactedSource() + ": this FFmpeg build cannot decode it", true);
        }
        codecName = software.name().getString();
        String hardwareNote = openHardwareDecoder(parameters);
        if (decoder == null) {
            decoder = openDecoder(software, parameters);
            decodePath = "software (" + codecName + ")" + hardwareNote;
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    /** Tries NVDEC (FFmpeg's CUVID decoders) when configured; returns a note when it fell back. */
    private String openHardwareDecoder(AVCodecParameters parameters) {
        if (settings.hardwareDecoding().equals("software")) {
            return "";
        }
        boolean gpuPresent = Files.exists(Path.of("/dev/nvidia0"));
        if (settings.hardwareDecoding().equals("auto") && !gpuPresent) {
            return "";
        }
        AVCodec cuvid = avcodec_find_decoder_by_name(codecName + "_cuvid");
        if (cuvid == null || cuvid.isNull()) {
            return ", NVDEC has no decoder for " + codecName;
        }
        try {
            decoder = openDecoder(cuvid, parameters);
            decodePath = "nvdec (" + cuvid.name().getString() + ")";
            return "";
        } catch (SourceException e) {
            decoder = null;
            return ", NVDEC unavailable: " + e.getMessage();
        }
    }

    private AVCodecContext openDecoder(AVCodec codec, AVCodecParameters parameters) throws SourceException {
        AVCodecContext context = avcodec_alloc_context3(codec);
        int result = avcodec_parameters_to_context(context, parameters);
        if (result >= 0) {
            context.thread_count(settings.decoderThreads());
            result = avcodec_open2(context, codec, (AVDictionary) null);
        }
        if (result < 0) {
            avcodec_free_context(context);
            throw new SourceException("Cannot open decoder " + codec.name().getString() + ": " + errorText(result), true);
        }
        return context;
    }

    /** Decodes until the input ends or the source is stopped. */
    End run(FrameSampler sampler, Sink sink) throws SourceException, InterruptedException {
        while (!interrupt.stopped()) {
            interrupt.arm(READ_TIMEOUT_MILLIS);
            int result = av_read_frame(format, packet);
            if (result == AVERROR_EOF()) {
                avcodec_send_packet(decoder, (AVPacket) null);
                receive(sampler, sink);
                return End.END_OF_INPUT;
            }
            if (result < 0) {
                if (interrupt.stopped()) {
                    return End.STOPPED;
                }
                throw new SourceException(describe(result, settings.redactedSource(), interrupt), false);
            }
            try {
                if (packet.stream_index() == streamIndex) {
                    int sent = avcodec_send_packet(decoder, packet);
                    if (sent < 0 && sent != -EAGAIN) {
                        // Corrupt data: the decoder skips it and resynchronises on the next key frame.
                        decodeErrors++;
                    }
                    receive(sampler, sink);
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        return End.STOPPED;
    }

    private void receive(FrameSampler sampler, Sink sink) throws InterruptedException {
        while (avcodec_receive_frame(decoder, frame) == 0) {
            long timestamp = timestampMicros(frame.best_effort_timestamp());
            sink.decoded(timestamp);
            if (sampler.keep(timestamp)) {
                convert(timestamp, sink);
            }
            av_frame_unref(frame);
        }
    }

    private long timestampMicros(long timestamp) {
        long micros;
        if (timestamp == AV_NOPTS_VALUE) {
            long step = sourceFps > 0 ? Math.round(1_000_000 / sourceFps) : 40_000;
            micros = lastTimestampMicros == Long.MIN_VALUE ? 0 : lastTimestampMicros + step;
        } else {
            micros = timestamp * 1_000_000L * timeBase.num() / timeBase.den();
        }
        lastTimestampMicros = micros;
        return micros;
    }

    private void convert(long timestamp, Sink sink) {
        int width = frame.width();
        int height = frame.height();
        int[] size = cappedSize(width, height, settings.maxWidth(), settings.maxHeight());
        int outWidth = size[0];
        int outHeight = size[1];
        int format = frame.format();
        boolean fourTwoZero = format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
        boolean fourTwoTwo = format == AV_PIX_FMT_YUV422P || format == AV_PIX_FMT_YUVJ422P;
        if (outWidth == width && outHeight == height && width % 2 == 0 && height % 2 == 0 && (fourTwoZero || fourTwoTwo)) {
            // Kept as planes: copying them costs a quarter of converting, and a frame in which the
            // detector finds no plate is never converted at all.
            byte[] y = new byte[width * height];
            NativeRows.copyOut(frame.data(0), frame.linesize(0), y, width, height);
            byte[] u = chroma(frame.data(1), frame.linesize(1), width / 2, height, fourTwoTwo);
            byte[] v = chroma(frame.data(2), frame.linesize(2), width / 2, height, fourTwoTwo);
            boolean fullRange = format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P;
            sink.sampled(timestamp, new PlanarPixels(new FramePixels.Yuv420(width, height, y, u, v, fullRange), planesToBgr));
            return;
        }
        scaler = sws_getCachedContext(scaler, width, height, format, outWidth, outHeight, AV_PIX_FMT_BGR24,
                SCALING_FLAGS, null, null, (DoublePointer) null);
        if (converted == null || converted.width() != outWidth || converted.height() != outHeight) {
            if (converted != null) {
                av_frame_free(converted);
            }
            converted = NativeRows.allocate(AV_PIX_FMT_BGR24, outWidth, outHeight, 1);
        }
        sws_scale(scaler, frame.data(), frame.linesize(), 0, height, converted.data(), converted.linesize());
        byte[] bgr = new byte[outWidth * outHeight * 3];
        NativeRows.copyOut(converted.data(0), converted.linesize(0), bgr, outWidth * 3, outHeight);
        sink.sampled(timestamp, FramePixels.ofBgr(bgr, outWidth, outHeight));
    }

    /**
     * A chroma plane at half the width and height: as it is from 4:2:0, and from 4:2:2 (what most
     * MJPEG cameras send) with each pair of rows averaged. The vertical colour detail that loses is
     * below what plate recognition uses: the reader reads grey.
     */
    private static byte[] chroma(BytePointer plane, int stride, int chromaWidth, int height, boolean fullHeight) {
        byte[] half = new byte[chromaWidth * (height / 2)];
        if (!fullHeight) {
            NativeRows.copyOut(plane, stride, half, chromaWidth, height / 2);
            return half;
        }
        byte[] rows = new byte[chromaWidth * height];
        NativeRows.copyOut(plane, stride, rows, chromaWidth, height);
        for (int row = 0; row < height / 2; row++) {
            int top = 2 * row * chromaWidth;
            int bottom = top + chromaWidth;
            int out = row * chromaWidth;
            for (int x = 0; x < chromaWidth; x++) {
                half[out + x] = (byte) (((rows[top + x] & 0xff) + (rows[bottom + x] & 0xff) + 1) >> 1);
            }
        }
        return half;
    }

    /** Fits the frame into the cap, keeping its aspect ratio, with even sides (chroma subsampling). */
    static int[] cappedSize(int width, int height, int maxWidth, int maxHeight) {
        double scale = 1.0;
        if (maxWidth > 0 && width > maxWidth) {
            scale = Math.min(scale, (double) maxWidth / width);
        }
        if (maxHeight > 0 && height > maxHeight) {
            scale = Math.min(scale, (double) maxHeight / height);
        }
        if (scale >= 1.0) {
            return new int[] {width, height};
        }
        int w = Math.max(2, (int) Math.round(width * scale) & ~1);
        int h = Math.max(2, (int) Math.round(height * scale) & ~1);
        return new int[] {w, h};
    }

    /** Back to the start of a file, for looping. */
    boolean rewind() {
        lastTimestampMicros = Long.MIN_VALUE;
        if (av_seek_frame(format, -1, 0, AVSEEK_FLAG_BACKWARD) < 0) {
            return false;
        }
        avcodec_flush_buffers(decoder);
        return true;
    }

    String codec() {
        return codecName;
    }

    String decodePath() {
        return decodePath;
    }

    double sourceFps() {
        return sourceFps;
    }

    int width() {
        return decoder == null ? 0 : decoder.width();
    }

    int height() {
        return decoder == null ? 0 : decoder.height();
    }

    long decodeErrors() {
        return decodeErrors;
    }

    @Override
    public void close() {
        planesToBgr.close();
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (converted != null) {
            av_frame_free(converted);
            converted = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }

    private static boolean isPermanentOpenError(int code) {
        return code == AVERROR_PROTOCOL_NOT_FOUND() || code == AVERROR_DECODER_NOT_FOUND()
                || code == AVERROR_DEMUXER_NOT_FOUND();
    }

    /** FFmpeg's error code in plain words. */
    static String describe(int code, String source, Interrupt interrupt) {
        if (code == AVERROR_EXIT() || interrupt.expired()) {
            return "No answer from " + source + " within the time limit";
        }
        if (code == -2) {
            return "Not found: " + source;
        }
        if (code == -111) {
            return "Connection refused by " + source + " (is the camera or server running?)";
        }
        if (code == -110) {
            return "Timed out connecting to " + source;
        }
        if (code == -113 || code == -101) {
            return "Host unreachable: " + source;
        }
        if (code == -13) {
            return "Permission denied reading " + source;
        }
        if (code == AVERROR_INVALIDDATA()) {
            return "Not a video FFmpeg can read (invalid or corrupt data): " + source;
        }
        if (code == AVERROR_PROTOCOL_NOT_FOUND()) {
            return "Unsupported protocol: " + source;
        }
        if (code == AVERROR_HTTP_UNAUTHORIZED() || code == AVERROR_HTTP_FORBIDDEN()) {
            return "Access denied (HTTP 401/403) by " + source + ": check the credentials in the URL";
        }
        if (code == AVERROR_HTTP_NOT_FOUND()) {
            return "No stream at " + source + " (HTTP 404)";
        }
        return errorText(code) + ": " + source;
    }

    static String errorText(int code) {
        byte[] buffer = new byte[256];
        av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
