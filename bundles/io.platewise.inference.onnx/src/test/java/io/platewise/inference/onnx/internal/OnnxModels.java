package io.platewise.inference.onnx.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small ONNX models straight in protobuf's wire format, so tests need neither Python nor the
 * onnx package: a model with one input {@code x} of shape [batch, width] and one output {@code y}.
 */
public final class OnnxModels {

    private OnnxModels() {
    }

    /** {@code y = Relu(x)}, x and y float[batch][width]. */
    public static byte[] relu(int width) {
        byte[] x = valueInfo("x", width);
        byte[] y = valueInfo("y", width);
        byte[] node = message(bytes(1, "x"), bytes(2, "y"), bytes(3, "relu"), bytes(4, "Relu"));
        byte[] graph = message(field(1, node), bytes(2, "platewise-test"), field(11, x), field(12, y));
        byte[] opset = message(bytes(1, ""), varint(2, 13));
        return message(varint(1, 8), bytes(2, "platewise-tests"), field(7, graph), field(8, opset));
    }

    private static byte[] valueInfo(String name, int width) {
        byte[] batch = message(bytes(2, "batch"));
        byte[] columns = message(varint(1, width));
        byte[] shape = message(field(1, batch), field(1, columns));
        byte[] tensorType = message(varint(1, 1), field(2, shape));
        byte[] type = message(field(1, tensorType));
        return message(bytes(1, name), field(2, type));
    }

    private static byte[] message(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : fields) {
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    private static byte[] varint(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) number << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static byte[] bytes(int number, String text) {
        return field(number, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] field(int number, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) number << 3 | 2);
        writeVarint(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
