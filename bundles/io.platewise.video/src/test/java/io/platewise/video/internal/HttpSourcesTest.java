package io.platewise.video.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.platewise.video.FramePixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP sources: an MJPEG stream (multipart/x-mixed-replace) and an HLS playlist, from a real HTTP server. */
class HttpSourcesTest {

    @TempDir
    Path folder;
    private HttpServer http;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /**
     * A JPEG of test frame {@code index} whose luma is sampled twice per chroma sample across and
     * {@code lumaRowsPerChromaRow} times down: 2 is 4:2:0 (ImageIO's default), 1 is 4:2:2, what most
     * MJPEG cameras send.
     */
    private static byte[] jpeg(int index, int lumaRowsPerChromaRow) throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(TestClips.frame(320, 240, index), 0, pixels, 0, pixels.length);
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        javax.imageio.ImageWriteParam parameters = writer.getDefaultWriteParam();
        javax.imageio.metadata.IIOMetadata metadata = writer.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(image), parameters);
        String format = "javax_imageio_jpeg_image_1.0";
        org.w3c.dom.Element tree = (org.w3c.dom.Element) metadata.getAsTree(format);
        org.w3c.dom.Element luma = (org.w3c.dom.Element) tree.getElementsByTagName("componentSpec").item(0);
        luma.setAttribute("HsamplingFactor", "2");
        luma.setAttribute("VsamplingFactor", Integer.toString(lumaRowsPerChromaRow));
        metadata.setFromTree(format, tree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, metadata), parameters);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 1})
    void decodesAnMjpegStreamAndKeepsItsFramesAsPlanes(int lumaRowsPerChromaRow) throws Exception {
        http.createContext("/video.mjpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=platewise");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 30; i++) {
                    byte[] image = jpeg(i, lumaRowsPerChromaRow);
                    out.write(("--platewise\r\nContent-Type: image/jpeg\r\nContent-Length: " + image.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(image);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        });
        CameraSettings settings = CameraSettings.fromMap(Map.of("id", "mjpeg", "source", url("/video.mjpg"), "analysisFps", 0));
        FfmpegDecoderTest.Decoded decoded = FfmpegDecoderTest.decode(settings);
        assertEquals(30, decoded.decodedTimestamps().size());
        FramePixels.Yuv420 planes = decoded.pixels().get(7).yuv420();
        assertNotNull(planes, "4:2:0 and 4:2:2 JPEGs are kept as planes");
        assertTrue(planes.fullRange(), "JPEG's full range");
        assertEquals(320 * 240 * 3, decoded.pixels().get(0).bgr().length);
        assertEquals(TestClips.expectedLevel(7), decoded.pixels().get(7).bgr()[0] & 0xff, 12, "frame content survives");
        // The moving white square (rows 80-119) keeps its place and colour through the chroma halving.
        byte[] bgr = decoded.pixels().get(7).bgr();
        int inside = 3 * (100 * 320 + 7 * 7 + 20);
        assertEquals(255, bgr[inside] & 0xff, 12);
        assertEquals(255, bgr[inside + 2] & 0xff, 12);
    }

    @Test
    void decodesAnHlsPlaylist() throws Exception {
        Path segment = TestClips.write(folder.resolve("segment0.ts"), "libopenh264", 320, 240, 25, 50);
        String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXTINF:2.0,\nsegment0.ts\n#EXT-X-ENDLIST\n";
        http.createContext("/hls/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/hls/".length());
            byte[] body = name.equals("index.m3u8") ? playlist.getBytes(StandardCharsets.US_ASCII) : Files.readAllBytes(segment);
            exchange.getResponseHeaders().add("Content-Type",
                    name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        CameraSettings settings = CameraSettings.fromMap(Map.of("id", "hls", "source", url("/hls/index.m3u8"), "analysisFps", 5));
        FfmpegDecoderTest.Decoded decoded = FfmpegDecoderTest.decode(settings);
        assertEquals(50, decoded.decodedTimestamps().size());
        assertEquals(10, decoded.sampled().size(), 1);
    }

    @Test
    void httpErrorsAreClear() throws Exception {
        http.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.createContext("/secret", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        SourceException notFound = assertThrows(SourceException.class, () -> FfmpegDecoderTest.decode(
                CameraSettings.fromMap(Map.of("id", "h", "source", url("/missing")))));
        assertTrue(notFound.getMessage().contains("404"), notFound.getMessage());
        SourceException denied = assertThrows(SourceException.class, () -> FfmpegDecoderTest.decode(
                CameraSettings.fromMap(Map.of("id", "h", "source", url("/secret")))));
        assertTrue(denied.getMessage().contains("Access denied"), denied.getMessage());
    }
}
