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

    /**
     * A "reader" that ignores its input x [1, 1, height, width] and always answers the same
     * log-probabilities y [1, steps, classes]: a model whose answers a test knows in advance.
     */
    public static byte[] constantReader(float[] logProbabilities, int steps, int classes, int height, int width) {
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(logProbabilities.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float value : logProbabilities) {
            raw.putFloat(value);
        }
        byte[] tensor = message(varint(1, 1), varint(1, steps), varint(1, classes), varint(2, 1), field(9, raw.array()));
        byte[] attribute = message(bytes(1, "value"), field(5, tensor), varint(20, 4));
        byte[] node = message(bytes(2, "y"), bytes(3, "constant"), bytes(4, "Constant"), field(5, attribute));
        byte[] graph = message(field(1, node), bytes(2, "constant-reader"), field(11, fixedValueInfo("x", 1, 1, height, width)),
                field(12, fixedValueInfo("y", 1, steps, classes)));
        byte[] opset = message(bytes(1, ""), varint(2, 13));
        return message(varint(1, 8), bytes(2, "platewise-tests"), field(7, graph), field(8, opset));
    }

    /**
     * A "detector" that ignores its input image [1, 3, height, width] and always answers the same
     * peaks [1, 1, gh, gw] and corners [1, 8, gh, gw].
     */
    public static byte[] constantDetector(float[] peaks, float[] corners, int height, int width, int gridHeight, int gridWidth) {
        byte[] peaksNode = constantNode("peaks", peaks, 1, 1, gridHeight, gridWidth);
        byte[] cornersNode = constantNode("corners", corners, 1, 8, gridHeight, gridWidth);
        byte[] graph = message(field(1, peaksNode), field(1, cornersNode), bytes(2, "constant-detector"),
                field(11, fixedValueInfo("image", 1, 3, height, width)), field(12, fixedValueInfo("peaks", 1, 1, gridHeight, gridWidth)),
                field(12, fixedValueInfo("corners", 1, 8, gridHeight, gridWidth)));
        byte[] opset = message(bytes(1, ""), varint(2, 13));
        return message(varint(1, 8), bytes(2, "platewise-tests"), field(7, graph), field(8, opset));
    }

    /**
     * The same in the form tools/training/sparse_corners.py leaves a detector in: the strongest
     * peaks' {@code scores} [1, k], their {@code cells} [1, k] and {@code cell_corners} [1, k, 8].
     */
    public static byte[] constantSparseDetector(float[] scores, float[] cells, float[] cellCorners, int height, int width) {
        int k = scores.length;
        byte[] graph = message(field(1, constantNode("scores", scores, 1, k)), field(1, constantNode("cells", cells, 1, k)),
                field(1, constantNode("cell_corners", cellCorners, 1, k, 8)), bytes(2, "constant-sparse-detector"),
                field(11, fixedValueInfo("image", 1, 3, height, width)), field(12, fixedValueInfo("scores", 1, k)),
                field(12, fixedValueInfo("cells", 1, k)), field(12, fixedValueInfo("cell_corners", 1, k, 8)));
        byte[] opset = message(bytes(1, ""), varint(2, 13));
        return message(varint(1, 8), bytes(2, "platewise-tests"), field(7, graph), field(8, opset));
    }

    private static byte[] constantNode(String output, float[] values, long... dims) {
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        byte[][] fields = new byte[dims.length + 2][];
        for (int i = 0; i < dims.length; i++) {
            fields[i] = varint(1, dims[i]);
        }
        fields[dims.length] = varint(2, 1);
        fields[dims.length + 1] = field(9, raw.array());
        byte[] tensor = message(fields);
        byte[] attribute = message(bytes(1, "value"), field(5, tensor), varint(20, 4));
        return message(bytes(2, output), bytes(3, output + "-constant"), bytes(4, "Constant"), field(5, attribute));
    }

    private static byte[] fixedValueInfo(String name, long... dims) {
        byte[][] dimensions = new byte[dims.length][];
        for (int i = 0; i < dims.length; i++) {
            dimensions[i] = field(1, message(varint(1, dims[i])));
        }
        byte[] shape = message(dimensions);
        byte[] tensorType = message(varint(1, 1), field(2, shape));
        return message(bytes(1, name), field(2, message(field(1, tensorType))));
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
