package io.platewise.recognition.internal.evaluation;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.tracklets.PlateMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often an operator who searches the stored reads for a plate's true text finds its image, by the
 * tracklet list's match modes (contains and similar; exact is the exact-match accuracy), and how many
 * other reads a similar search returns besides. An evaluation image stands in for a tracklet.
 */
final class PlateSearchScore {

    /** Every read kept, in the order they were added: its text, and its look-alike keys as the store keeps them. */
    private final List<String> readTexts = new ArrayList<>();
    private final List<String> readKeys = new ArrayList<>();
    private final List<String> plateKeys = new ArrayList<>();
    private final List<String> plateTexts = new ArrayList<>();
    /** The read each labelled plate was given (its index in readKeys), -1 for none. */
    private final List<Integer> plateReads = new ArrayList<>();
    private int foundContains;
    private int foundSimilar;
    private int foundNear;

    /** @return the read's index, for {@link #plate} */
    int read(PlateRead read) {
        readTexts.add(read.text());
        readKeys.add(PlateMatch.keys(read.text(), read.candidates().stream().map(Candidate::text).toList(), PlateMatch.KEYS_LENGTH));
        return readKeys.size() - 1;
    }

    /** How many reads were added: the index the next one gets. */
    int reads() {
        return readKeys.size();
    }

    /** A labelled plate (not empty), and the read it was given: an index from {@link #read}, or -1 when none was. */
    void plate(String truth, int read) {
        String key = PlateMatch.key(truth);
        if (read >= 0) {
            foundContains += readTexts.get(read).contains(truth) ? 1 : 0;
            foundSimilar += readKeys.get(read).contains(key) ? 1 : 0;
            foundNear += truth.length() >= PlateMatch.NEAR_MIN_LENGTH && PlateMatch.nearMatches(readKeys.get(read), truth) ? 1 : 0;
        }
        plateKeys.add(key);
        plateTexts.add(truth);
        plateReads.add(read);
    }

    double containsFound() {
        return 100.0 * foundContains / Math.max(1, plateKeys.size());
    }

    double similarFound() {
        return 100.0 * foundSimilar / Math.max(1, plateKeys.size());
    }

    double nearFound() {
        return 100.0 * foundNear / Math.max(1, plateKeys.size());
    }

    /** Reads a similar search for a plate returns besides the plate's own, on average. */
    double otherFindsPerSearch() {
        long others = 0;
        for (int p = 0; p < plateKeys.size(); p++) {
            for (int r = 0; r < readKeys.size(); r++) {
                others += r != plateReads.get(p) && readKeys.get(r).contains(plateKeys.get(p)) ? 1 : 0;
            }
        }
        return (double) others / Math.max(1, plateKeys.size());
    }

    /** Reads a near search for a plate returns besides the plate's own, on average. */
    double otherNearFindsPerSearch() {
        long others = 0;
        for (int p = 0; p < plateTexts.size(); p++) {
            for (int r = 0; r < readKeys.size(); r++) {
                others += r != plateReads.get(p) && plateTexts.get(p).length() >= PlateMatch.NEAR_MIN_LENGTH
                        && PlateMatch.nearMatches(readKeys.get(r), plateTexts.get(p)) ? 1 : 0;
            }
        }
        return (double) others / Math.max(1, plateKeys.size());
    }

    String line(double exactFound) {
        return String.format(Locale.ROOT, "%.2f%% exact, %.2f%% contains, %.2f%% similar, %.2f%% near: the plates whose image a search for "
                + "their true text finds (GET /api/tracklets?plate=&match=); besides, similar finds %.3f and near %.3f other reads per search",
                exactFound, containsFound(), similarFound(), nearFound(), otherFindsPerSearch(), otherNearFindsPerSearch());
    }
}
