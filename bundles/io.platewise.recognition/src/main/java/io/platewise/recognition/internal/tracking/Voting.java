package io.platewise.recognition.internal.tracking;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.reading.TextDistance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a tracklet's text from all its reads. Whole texts vote with their confidence (reads that
 * break the country templates count half); the reads of the most common length also vote character
 * by character, which can produce the right text when no single frame had it all right.
 */
final class Voting {

    static final float OFF_TEMPLATE_WEIGHT = 0.5f;

    record Result(Candidate best, List<Candidate> candidates, boolean matchesTemplate) {
    }

    private Voting() {
    }

    static Result vote(List<Observation> observations, int keep) {
        Map<String, Float> scores = new LinkedHashMap<>();
        Map<String, Boolean> template = new HashMap<>();
        Map<Integer, Float> lengthWeight = new HashMap<>();
        List<PlateRead> reads = new ArrayList<>();
        float total = 0;
        for (Observation observation : observations) {
            PlateRead read = observation.read();
            if (read == null || read.text().isEmpty()) {
                continue;
            }
            float weight = weight(read);
            scores.merge(read.text(), weight, Float::sum);
            template.merge(read.text(), read.matchesTemplate(), Boolean::logicalOr);
            lengthWeight.merge(read.text().length(), weight, Float::sum);
            reads.add(read);
            total += weight;
        }
        if (reads.isEmpty()) {
            return new Result(new Candidate("", 0), List.of(), false);
        }
        int length = lengthWeight.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String consensus = characterVote(reads, length);
        if (consensus != null && !scores.containsKey(consensus)) {
            // Only as strong as the weakest position's agreement within its length group.
            scores.put(consensus, consensusScore(reads, consensus));
            template.put(consensus, reads.stream().anyMatch(r -> r.matchesTemplate() && r.text().length() == consensus.length()));
        }
        float normaliser = total;
        List<Candidate> ranked = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(keep).map(e -> new Candidate(e.getKey(), Math.min(1f, e.getValue() / normaliser))).toList();
        Candidate best = ranked.get(0);
        return new Result(best, ranked, template.getOrDefault(best.text(), false));
    }

    static float weight(PlateRead read) {
        return Math.max(0.01f, read.confidence()) * (read.matchesTemplate() ? 1f : OFF_TEMPLATE_WEIGHT);
    }

    /** Position-wise weighted majority over reads of one length; character confidences weigh when known. */
    private static String characterVote(List<PlateRead> reads, int length) {
        StringBuilder text = new StringBuilder();
        for (int position = 0; position < length; position++) {
            Map<Character, Float> votes = new HashMap<>();
            for (PlateRead read : reads) {
                if (read.text().length() != length) {
                    continue;
                }
                float characterConfidence = read.characterConfidences().length == length ? read.characterConfidences()[position] : 1f;
                votes.merge(read.text().charAt(position), weight(read) * characterConfidence, Float::sum);
            }
            text.append(votes.entrySet().stream().max(Map.Entry.<Character, Float>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey());
        }
        return text.toString();
    }

    private static float consensusScore(List<PlateRead> reads, String consensus) {
        float groupWeight = 0;
        float weakest = 1;
        for (int position = 0; position < consensus.length(); position++) {
            float agree = 0;
            float all = 0;
            for (PlateRead read : reads) {
                if (read.text().length() == consensus.length()) {
                    all += weight(read);
                    if (read.text().charAt(position) == consensus.charAt(position)) {
                        agree += weight(read);
                    }
                }
            }
            groupWeight = all;
            weakest = Math.min(weakest, all == 0 ? 0 : agree / all);
        }
        return groupWeight * weakest;
    }

    /** Edit distance, for telling whether two reads can be the same plate. */
    static int distance(String a, String b) {
        return TextDistance.levenshtein(a, b);
    }
}
