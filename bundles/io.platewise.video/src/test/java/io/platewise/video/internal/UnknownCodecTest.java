package io.platewise.video.internal;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A video stream whose codec (an unknown FourCC) no decoder of this FFmpeg build knows. */
class UnknownCodecTest {

    @TempDir
    Path folder;

    private static int fourcc(String tag) {
        return tag.charAt(0) | tag.charAt(1) << 8 | tag.charAt(2) << 16 | tag.charAt(3) << 24;
    }

    static Path writeUnknownCodecAvi(Path file) {
        AVFormatContext output = new AVFormatContext(null);
        assertTrue(avformat_alloc_output_context2(output, null, "avi", file.toString()) >= 0);
        AVStream stream = avformat_new_stream(output, null);
        stream.codecpar().codec_type(AVMEDIA_TYPE_VIDEO);
        stream.codecpar().codec_id(AV_CODEC_ID_NONE);
        stream.codecpar().codec_tag(fourcc("PWZ9"));
        stream.codecpar().width(320);
        stream.codecpar().height(240);
        stream.time_base(av_make_q(1, 25));
        AVIOContext io = new AVIOContext(null);
        assertTrue(avio_open(io, file.toString(), AVIO_FLAG_WRITE) >= 0);
        output.pb(io);
        assertTrue(avformat_write_header(output, (AVDictionary) null) >= 0);
        AVPacket packet = av_packet_alloc();
        for (int i = 0; i < 10; i++) {
            av_new_packet(packet, 1000);
            packet.stream_index(0);
            packet.pts(i);
            packet.dts(i);
            packet.flags(AV_PKT_FLAG_KEY);
            assertTrue(av_interleaved_write_frame(output, packet) >= 0);
        }
        av_write_trailer(output);
        av_packet_free(packet);
        avio_closep(output.pb());
        avformat_free_context(output);
        return file;
    }

    @Test
    void unknownCodecIsAPermanentClearError() {
        Path file = writeUnknownCodecAvi(folder.resolve("unknown.avi"));
        SourceException error = assertThrows(SourceException.class, () -> FfmpegDecoderTest.decode(
                CameraSettings.fromMap(Map.of("id", "odd", "source", file.toString()))));
        assertTrue(error.getMessage().startsWith("Unsupported codec"), error.getMessage());
        assertTrue(error.permanent(), "retrying cannot help; the state becomes FAILED");
    }

    @Test
    void benchmarkRunsOnAGivenClip() throws Exception {
        Path clip = TestClips.write(folder.resolve("bench.mp4"), "libopenh264", 320, 240, 25, 25);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        int exit = DecodeBenchmark.run(java.util.List.of("--clip", clip.toString(), "--passes", "1"), folder,
                new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, exit);
        String table = text.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(table.contains("decode only (ceiling)") && table.contains("1.00"), table);
        assertEquals(2, DecodeBenchmark.run(java.util.List.of("--bogus"), folder, new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
    }
}
