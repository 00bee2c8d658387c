package io.platewise.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG encoding of packed BGR pixels, in memory.
 *
 * <p>{@code ImageIO.write} to a stream buffers through a temporary file by default: a disk write per
 * image, and, the first time, a JVM shutdown hook, which fails once the JVM is stopping, so the
 * tracklets flushed while the server stops would be lost. This never touches the disk.
 */
public final class Jpeg {

    private Jpeg() {
    }

    /** The pixels as a baseline JPEG at the writer's default quality. */
    public static byte[] encode(byte[] bgr, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (bgr.length != pixels.length) {
            throw new IllegalArgumentException(bgr.length + " bytes are not a " + width + "x" + height + " BGR image");
        }
        System.arraycopy(bgr, 0, pixels, 0, pixels.length);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(width * height / 4 + 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            // Only memory is written, so this is a codec failure, not an I/O condition to handle.
            throw new UncheckedIOException("JPEG encoding of a " + width + "x" + height + " image failed", e);
        } finally {
            writer.dispose();
        }
        return jpeg.toByteArray();
    }
}
