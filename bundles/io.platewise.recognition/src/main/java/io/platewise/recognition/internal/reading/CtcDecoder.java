package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC decoding of a reader's output. The read is the greedy one: per time step the best class,
 * repeats collapsed and blanks (class 0) dropped; a character's confidence is the best probability
 * it had over its run of steps, the text's the product of its characters'. The candidates behind it
 * come from a prefix beam search (texts by their probability over all alignments), so that they
 * also differ from the read in length: an edge read as a character, a character read twice.
 */
public final class CtcDecoder {

    /** Prefixes kept per step of the beam search: a plate's few uncertain characters fit many times over. */
    private static final int BEAM_WIDTH = 16;
    private static final int TOP_CHARACTERS = 6;
    private static final double KEPT_MASS = 0.999;

    private final String charset;

    public CtcDecoder(String charset) {
        this.charset = charset;
    }

    /**
     * @param logProbabilities {@code steps * classes} log-probabilities of one plate, step by step
     */
    public PlateRead decode(float[] logProbabilities, int steps, int classes, int candidates) {
        if (classes != charset.length() + 1) {
            throw new IllegalArgumentException("The model has " + classes + " classes; the charset needs " + (charset.length() + 1));
        }
        StringBuilder text = new StringBuilder();
        List<Float> confidences = new ArrayList<>();
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int best = argmax(logProbabilities, t * classes, classes);
            float probability = (float) Math.exp(logProbabilities[t * classes + best]);
            if (best != 0 && best != previous) {
                text.append(charset.charAt(best - 1));
                confidences.add(probability);
            } else if (best != 0 && !confidences.isEmpty() && probability > confidences.get(confidences.size() - 1)) {
                confidences.set(confidences.size() - 1, probability);
            }
            previous = best;
        }
        float confidence = 1;
        float[] characterConfidences = new float[confidences.size()];
        for (int i = 0; i < characterConfidences.length; i++) {
            characterConfidences[i] = confidences.get(i);
            confidence *= characterConfidences[i];
        }
        String read = text.toString();
        float readConfidence = confidence;
        List<Candidate> list = new ArrayList<>();
        list.add(new Candidate(read, read.isEmpty() ? 0 : confidence));
        if (candidates > 1 && !read.isEmpty()) {
            // The most probable texts over all alignments, each scored as the read's confidence times
            // how much more or less probable the model finds it than the read: a text that drops an
            // edge read as a character, or has another letter where the read was unsure, ranks by
            // the model's own odds.
            Map<String, Double> texts = new HashMap<>();
            beamSearch(logProbabilities, steps, classes, Math.max(BEAM_WIDTH, candidates)).forEach((classesOf, probability) -> {
                StringBuilder decoded = new StringBuilder();
                classesOf.chars().forEach(k -> decoded.append(charset.charAt(k - 1)));
                texts.merge(decoded.toString(), probability, Double::sum);
            });
            Double readProbability = texts.get(read);
            double reference = readProbability != null ? readProbability : texts.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
            texts.entrySet().stream().filter(e -> !e.getKey().isEmpty() && !e.getKey().equals(read))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(candidates - 1)
                    .forEach(e -> list.add(new Candidate(e.getKey(), (float) Math.min(1, readConfidence * e.getValue() / reference))));
        }
        list.sort((a, b) -> Float.compare(b.confidence(), a.confidence()));
        return new PlateRead(read, read.isEmpty() ? 0 : confidence, characterConfidences, list, false);
    }

    /**
     * CTC prefix beam search: the texts most probable summed over all their alignments (a
     * character repeated only across a blank), keeping {@code width} prefixes per step. Each step
     * extends them only by its most probable characters, up to {@link #TOP_CHARACTERS} and until
     * they hold {@link #KEPT_MASS} of the step's probability (the usual cut-offs of CTC beam
     * decoders): the rest cannot lift a prefix into the beam, and would cost a prefix each.
     *
     * @return probability by text (each character the class number, 1 for the charset's first), for
     *         the prefixes kept at the last step
     */
    static Map<String, Double> beamSearch(float[] logProbabilities, int steps, int classes, int width) {
        // Per prefix: the probability of its alignments so far that end in a blank, and in its last character.
        Map<String, double[]> beams = new HashMap<>();
        beams.put("", new double[] {1, 0});
        double[] probabilities = new double[classes];
        int[] order = new int[TOP_CHARACTERS];
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < classes; k++) {
                probabilities[k] = Math.exp(logProbabilities[t * classes + k]);
            }
            int extensions = 0;
            double mass = probabilities[0];
            while (extensions < TOP_CHARACTERS && mass < KEPT_MASS) {
                // The next most probable character (a selection, not a sort: few are ever taken).
                int best = -1;
                for (int k = 1; k < classes; k++) {
                    if ((best < 0 || probabilities[k] > probabilities[best]) && !taken(order, extensions, k)) {
                        best = k;
                    }
                }
                if (best < 0) {
                    break;
                }
                order[extensions++] = best;
                mass += probabilities[best];
            }
            Map<String, double[]> next = new HashMap<>();
            for (Map.Entry<String, double[]> beam : beams.entrySet()) {
                String prefix = beam.getKey();
                double endsInBlank = beam.getValue()[0];
                double endsInCharacter = beam.getValue()[1];
                double total = endsInBlank + endsInCharacter;
                int last = prefix.isEmpty() ? -1 : prefix.charAt(prefix.length() - 1);
                double[] same = next.computeIfAbsent(prefix, key -> new double[2]);
                same[0] += total * probabilities[0];
                if (last > 0) {
                    // The last character again without a blank between: the same text.
                    same[1] += endsInCharacter * probabilities[last];
                }
                for (int e = 0; e < extensions; e++) {
                    int k = order[e];
                    // After the same character, a new one only across a blank.
                    double from = k == last ? endsInBlank : total;
                    next.computeIfAbsent(prefix + (char) k, key -> new double[2])[1] += from * probabilities[k];
                }
            }
            Map<String, double[]> kept = new HashMap<>();
            next.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                    .limit(width).forEach(e -> kept.put(e.getKey(), e.getValue()));
            beams = kept;
        }
        Map<String, Double> texts = new HashMap<>();
        beams.forEach((prefix, probability) -> texts.put(prefix, probability[0] + probability[1]));
        return texts;
    }

    private static boolean taken(int[] chosen, int count, int k) {
        for (int i = 0; i < count; i++) {
            if (chosen[i] == k) {
                return true;
            }
        }
        return false;
    }

    private static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
