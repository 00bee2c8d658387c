package io.platewise.video.encode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes packed BGR frames into a video file with FFmpeg (H.264 through OpenH264, or MPEG-4 Part 2),
 * the container chosen by the file's extension. Tests and benchmarks make their clips with it.
 */
public final class ClipWriter implements AutoCloseable {

    private final AVFormatContext output;
    private final AVCodecContext encoder;
    private final AVStream stream;
    private final AVFrame yuv;
    private final AVPacket packet;
    private final SwsContext scaler;
    private final int width;
    private final int height;
    private final BytePointer source;
    private final PointerPointer<BytePointer> sourcePlanes;
    private final IntPointer sourceStrides;
    private long next;
    private long packets;

    /**
     * @param encoderName {@code libopenh264} (H.264) or {@code mpeg4}
     */
    public ClipWriter(Path file, String encoderName, int width, int height, int fps, long bitRate) throws IOException {
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name(encoderName);
        if (codec == null || codec.isNull()) {
            throw new IOException("FFmpeg has no encoder " + encoderName);
        }
        output = new AVFormatContext(null);
        check(avformat_alloc_output_context2(output, null, null, file.toString()), "choose a container for " + file);
        stream = avformat_new_stream(output, null);
        encoder = avcodec_alloc_context3(codec);
        encoder.width(width);
        encoder.height(height);
        encoder.pix_fmt(AV_PIX_FMT_YUV420P);
        encoder.time_base(av_make_q(1, fps));
        encoder.framerate(av_make_q(fps, 1));
        encoder.gop_size(fps);
        encoder.max_b_frames(0);
        encoder.bit_rate(bitRate);
        if ((output.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        check(avcodec_open2(encoder, codec, (AVDictionary) null), "open encoder " + encoderName);
        check(avcodec_parameters_from_context(stream.codecpar(), encoder), "set stream parameters");
        stream.time_base(encoder.time_base());
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "open " + file);
        output.pb(io);
        check(avformat_write_header(output, (AVDictionary) null), "write header");
        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P);
        yuv.width(width);
        yuv.height(height);
        check(av_frame_get_buffer(yuv, 0), "allocate frame");
        packet = av_packet_alloc();
        scaler = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, null,
                null, (DoublePointer) null);
        source = new BytePointer((long) width * height * 3);
        sourcePlanes = new PointerPointer<>(source, null, null, null);
        sourceStrides = new IntPointer(width * 3, 0, 0, 0);
    }

    /** Appends one frame of packed BGR, {@code width * height * 3} bytes. */
    public void write(byte[] bgr) throws IOException {
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("Frame must have " + width * height * 3 + " bytes, had " + bgr.length);
        }
        check(av_frame_make_writable(yuv), "make frame writable");
        source.position(0).put(bgr);
        sws_scale(scaler, sourcePlanes, sourceStrides, 0, height, yuv.data(), yuv.linesize());
        yuv.pts(next++);
        check(avcodec_send_frame(encoder, yuv), "encode");
        drain();
    }

    private void drain() throws IOException {
        while (avcodec_receive_packet(encoder, packet) == 0) {
            if (packet.duration() <= 0) {
                // Without a duration MP4's edit list ends one frame early and the last frame is lost.
                packet.duration(1);
            }
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(output, packet), "write packet");
            packets++;
        }
    }

    /** Encoded packets written so far (an encoder may drop frames under rate control). */
    public long packetsWritten() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        try {
            avcodec_send_frame(encoder, (AVFrame) null);
            drain();
            check(av_write_trailer(output), "write trailer");
        } finally {
            avio_closep(output.pb());
            sws_freeContext(scaler);
            av_frame_free(yuv);
            av_packet_free(packet);
            avcodec_free_context(encoder);
            avformat_free_context(output);
            source.close();
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] text = new byte[256];
            av_strerror(result, text, text.length);
            int end = 0;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            throw new IOException("Cannot " + what + ": " + new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
