package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy CTC decoding of a reader's output: per time step the best class, repeats collapsed and
 * blanks (class 0) dropped. A character's confidence is the best probability it had over its run of
 * steps; the text's confidence is the product of its characters'. Alternatives replace one of the
 * least sure characters with its runner-up, which is where readers err (O/0, B/8, I/1).
 */
public final class CtcDecoder {

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
        List<Integer> bestSteps = new ArrayList<>();
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int best = argmax(logProbabilities, t * classes, classes, -1);
            float probability = (float) Math.exp(logProbabilities[t * classes + best]);
            if (best != 0 && best != previous) {
                text.append(charset.charAt(best - 1));
                confidences.add(probability);
                bestSteps.add(t);
            } else if (best != 0 && !confidences.isEmpty() && probability > confidences.get(confidences.size() - 1)) {
                confidences.set(confidences.size() - 1, probability);
                bestSteps.set(bestSteps.size() - 1, t);
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
        Map<String, Float> ranked = new LinkedHashMap<>();
        ranked.put(read, read.isEmpty() ? 0 : confidence);
        // Runner-ups at the least sure positions, best first.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < characterConfidences.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(characterConfidences[a], characterConfidences[b]));
        for (int position : order) {
            if (ranked.size() >= candidates) {
                break;
            }
            int t = bestSteps.get(position);
            int best = argmax(logProbabilities, t * classes, classes, -1);
            int second = argmax(logProbabilities, t * classes, classes, best);
            if (second == 0) {
                continue;
            }
            float secondProbability = (float) Math.exp(logProbabilities[t * classes + second]);
            String alternative = read.substring(0, position) + charset.charAt(second - 1) + read.substring(position + 1);
            ranked.putIfAbsent(alternative, confidence / characterConfidences[position] * secondProbability);
        }
        List<Candidate> list = new ArrayList<>();
        ranked.forEach((candidate, score) -> list.add(new Candidate(candidate, score)));
        list.sort((a, b) -> Float.compare(b.confidence(), a.confidence()));
        return new PlateRead(read, read.isEmpty() ? 0 : confidence, characterConfidences, list, false);
    }

    private static int argmax(float[] values, int offset, int length, int excluded) {
        int best = excluded == 0 ? 1 : 0;
        for (int i = 0; i < length; i++) {
            if (i != excluded && values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
