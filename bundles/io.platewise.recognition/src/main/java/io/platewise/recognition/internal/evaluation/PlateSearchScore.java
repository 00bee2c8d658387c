package io.platewise.recognition.internal.evaluation;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.tracklets.PlateMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How often an operator who searches the stored reads for a plate's true text finds its image, by the
 * tracklet list's match modes (contains and similar; exact is the exact-match accuracy), and how many
 * other reads a similar search returns besides. An evaluation image stands in for a tracklet.
 */
final class PlateSearchScore {

    /** Every read kept, in the order they were added: its text, and its look-alike keys as the store keeps them. */
    private final List<String> readTexts = new ArrayList<>();
    private final List<String> readKeys = new ArrayList<>();
    /** Each labelled plate's two searches over stored keys, similar and near (never matching when too short for near). */
    private final List<Predicate<String>> similarSearches = new ArrayList<>();
    private final List<Predicate<String>> nearSearches = new ArrayList<>();
    /** The read each labelled plate was given (its index in readKeys), -1 for none. */
    private final List<Integer> plateReads = new ArrayList<>();
    private int foundContains;
    private int foundSimilar;
    private int foundNear;
    /** The other reads per search of similar and near, counted once when first asked for. */
    private double[] otherFinds;

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
        Predicate<String> similar = keys -> keys.contains(key);
        Predicate<String> near = truth.length() >= PlateMatch.NEAR_MIN_LENGTH ? PlateMatch.nearMatcher(truth) : keys -> false;
        if (read >= 0) {
            foundContains += readTexts.get(read).contains(truth) ? 1 : 0;
            foundSimilar += similar.test(readKeys.get(read)) ? 1 : 0;
            foundNear += near.test(readKeys.get(read)) ? 1 : 0;
        }
        similarSearches.add(similar);
        nearSearches.add(near);
        plateReads.add(read);
        otherFinds = null;
    }

    double containsFound() {
        return 100.0 * foundContains / Math.max(1, plateReads.size());
    }

    double similarFound() {
        return 100.0 * foundSimilar / Math.max(1, plateReads.size());
    }

    double nearFound() {
        return 100.0 * foundNear / Math.max(1, plateReads.size());
    }

    /** Reads a similar search for a plate returns besides the plate's own, on average. */
    double otherFindsPerSearch() {
        return otherFinds()[0];
    }

    /** Reads a near search for a plate returns besides the plate's own, on average. */
    double otherNearFindsPerSearch() {
        return otherFinds()[1];
    }

    private double[] otherFinds() {
        if (otherFinds == null) {
            otherFinds = new double[] {others(similarSearches), others(nearSearches)};
        }
        return otherFinds;
    }

    private double others(List<Predicate<String>> searches) {
        long others = 0;
        for (int p = 0; p < searches.size(); p++) {
            for (int r = 0; r < readKeys.size(); r++) {
                others += r != plateReads.get(p) && searches.get(p).test(readKeys.get(r)) ? 1 : 0;
            }
        }
        return (double) others / Math.max(1, searches.size());
    }

    String line(double exactFound) {
        return String.format(Locale.ROOT, "%.2f%% exact, %.2f%% contains, %.2f%% similar, %.2f%% near: the plates whose image a search for "
                + "their true text finds (GET /api/tracklets?plate=&match=); besides, similar finds %.3f and near %.3f other reads per search",
                exactFound, containsFound(), similarFound(), nearFound(), otherFindsPerSearch(), otherNearFindsPerSearch());
    }
}
