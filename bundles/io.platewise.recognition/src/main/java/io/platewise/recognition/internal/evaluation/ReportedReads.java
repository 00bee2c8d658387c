package io.platewise.recognition.internal.evaluation;

import io.platewise.recognition.api.PlateRead;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The plates as a task would report them from one sighting each: with the read it votes with (see
 * {@code TaskSettings#voting}), right or wrong, or with none, because the read was less sure than the
 * task's recognition threshold or the plate was not found. Exact match counts every found plate's
 * best read, as published benchmarks do; this says what an operator sees at a given threshold, and
 * how many of the plates shown are wrong.
 */
final class ReportedReads {

    private final float recognitionThreshold;
    private int plates;
    private int right;
    private int wrong;

    ReportedReads(float recognitionThreshold) {
        this.recognitionThreshold = recognitionThreshold;
    }

    /** A labelled plate and the read a task votes with for it; null when it has none. */
    void plate(String label, PlateRead voting) {
        plates++;
        if (voting != null) {
            if (voting.text().equals(label)) {
                right++;
            } else {
                wrong++;
            }
        }
    }

    double rightPercent() {
        return percent(right);
    }

    double wrongPercent() {
        return percent(wrong);
    }

    double unreadPercent() {
        return percent(plates - right - wrong);
    }

    /** Of the plates reported, the share reported wrong. */
    double wrongOfReported() {
        return 100.0 * wrong / Math.max(1, right + wrong);
    }

    private double percent(int count) {
        return 100.0 * count / Math.max(1, plates);
    }

    String line() {
        return String.format(Locale.ROOT, "%.2f%% right, %.2f%% wrong (%.2f%% of those reported), %.2f%% without a read, at"
                + " recognitionThreshold %.2f (--recognition)", rightPercent(), wrongPercent(), wrongOfReported(),
                unreadPercent(), recognitionThreshold);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recognitionThreshold", recognitionThreshold);
        json.put("right", rightPercent());
        json.put("wrong", wrongPercent());
        json.put("wrongOfReported", wrongOfReported());
        json.put("unread", unreadPercent());
        return json;
    }
}
