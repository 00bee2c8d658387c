package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An engine session that answers with outputs computed by the test: stands in for ONNX Runtime
 * (a third-party engine behind our SPI) so that pipeline logic can be tested frame by frame.
 */
final class ScriptedSession implements InferenceSession {

    private final Map<String, long[]> inputs;
    private final Map<String, long[]> outputs;
    private final Supplier<Map<String, float[]>> answer;
    /** The shapes of the last answer: those of the outputs unless readers take turns. */
    private volatile Map<String, long[]> answered;
    volatile boolean failing;
    volatile boolean closed;
    int runs;

    ScriptedSession(Map<String, long[]> inputs, Map<String, long[]> outputs, Supplier<Map<String, float[]>> answer) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.answer = answer;
        this.answered = outputs;
    }

    /** A detector that finds one plate of 80x20 input pixels centred in grid cell (row, column) of a 512x288 input. */
    static ScriptedSession detector(int row, int column) {
        int cells = 72 * 128;
        return new ScriptedSession(Map.of("image", new long[] {-1, 3, 288, 512}),
                ordered("peaks", new long[] {1, 1, 72, 128}, "corners", new long[] {1, 8, 72, 128}), () -> {
                    float[] peaks = new float[cells];
                    float[] corners = new float[8 * cells];
                    int cell = row * 128 + column;
                    peaks[cell] = 0.9f;
                    float[] quad = {-40, -10, 40, -10, 40, 10, -40, 10};
                    for (int k = 0; k < 8; k++) {
                        corners[k * cells + cell] = quad[k];
                    }
                    Map<String, float[]> out = new LinkedHashMap<>();
                    out.put("peaks", peaks);
                    out.put("corners", corners);
                    return out;
                });
    }

    /** A reader over 0-9A-Z that reads {@code text} with probability 0.95 per character. */
    static ScriptedSession reader(String text) {
        return reader(text, -1, 0);
    }

    /**
     * As {@link #reader(String)}, but at character {@code unsure} (0 for the first) a blank, no
     * character, takes {@code blank} of the 0.95: an edge the model half took for a character.
     */
    static ScriptedSession reader(String text, int unsure, float blank) {
        String charset = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int steps = 2 * text.length() + 1;
        int classes = charset.length() + 1;
        return new ScriptedSession(Map.of("x", new long[] {-1, 1, 32, 128}), Map.of("y", new long[] {1, steps, classes}), () -> {
            float[] logits = new float[steps * classes];
            java.util.Arrays.fill(logits, (float) Math.log(0.05 / (classes - 1)));
            for (int t = 0; t < steps; t++) {
                int best = t % 2 == 0 ? 0 : charset.indexOf(text.charAt(t / 2)) + 1;
                if (t % 2 == 1 && t / 2 == unsure) {
                    logits[t * classes + best] = (float) Math.log(0.95 - blank);
                    logits[t * classes] = (float) Math.log(blank);
                } else {
                    logits[t * classes + best] = (float) Math.log(0.95);
                }
            }
            return Map.of("y", logits);
        });
    }

    /** A reader whose runs answer as each of {@code readers} in turn: one per cut of a plate, when a task reads several. */
    static ScriptedSession takingTurns(ScriptedSession... readers) {
        int[] turn = {0};
        ScriptedSession[] turns = new ScriptedSession[1];
        turns[0] = new ScriptedSession(readers[0].inputs, readers[0].outputs, () -> {
            ScriptedSession reader = readers[turn[0]++ % readers.length];
            turns[0].answered = reader.outputs;
            return reader.answer.get();
        });
        return turns[0];
    }

    private static Map<String, long[]> ordered(String a, long[] shapeA, String b, long[] shapeB) {
        Map<String, long[]> map = new LinkedHashMap<>();
        map.put(a, shapeA);
        map.put(b, shapeB);
        return map;
    }

    @Override
    public Map<String, long[]> inputs() {
        return inputs;
    }

    @Override
    public Map<String, long[]> outputs() {
        return outputs;
    }

    @Override
    public synchronized Map<String, float[]> run(Map<String, float[]> in, Map<String, long[]> shapes) throws InferenceException {
        if (closed) {
            throw new IllegalStateException("run on a closed session");
        }
        runs++;
        if (failing) {
            throw new InferenceException("scripted failure");
        }
        return answer.get();
    }

    @Override
    public Map<String, long[]> lastOutputShapes() {
        return answered;
    }

    @Override
    public void close() {
        closed = true;
    }
}
