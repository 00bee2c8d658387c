package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.PlateRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one detected plate from up to three cuts of it: the trained margins, a wider cut and a
 * tighter one, so that corners the detector placed a little off, which lose or add a character at an
 * edge, are outvoted. The text whose reads' confidences sum highest wins, as a tracklet's vote does
 * over frames, and its most confident read stands for it. Whether the detection is a plate at all
 * stays the trained cut's read's to say, as the verification threshold was chosen on such reads:
 * judged on the winner, one cut in three read surely enough let twice the false detections through
 * on the openalpr photos. The two extra cuts were chosen on our own synthetic held-out scenes (seeds
 * 12 and 92) before any other set was read with them. A cut is not read once the cuts read so far
 * have decided the vote: when the leading text's sum is ahead of every other text's by more than
 * the cuts left could add (a read's confidence is at most 1). The winning text is then the one all
 * cuts would have given; its standing read is the surest of those read.
 */
public final class PlateViews {

    /** The cuts, the trained one first: a task reads the first {@code readerViews} of them. */
    public static final List<PlateCropper.Margins> CUTS = List.of(PlateCropper.TRAINED, new PlateCropper.Margins(0.08f, 0.14f),
            new PlateCropper.Margins(0.01f, 0.03f));

    /**
     * A plate's reads.
     *
     * @param read    the chosen read
     * @param crop    the cut it was read from
     * @param trained the trained cut's read, which says whether the detection is a plate
     */
    public record Viewed(PlateRead read, PlateCropper.Crop crop, PlateRead trained) {
    }

    /** One cut's read. */
    record Cut(PlateRead read, PlateCropper.Crop crop) {
    }

    private PlateViews() {
    }

    /** Whether a task or a command may read this many cuts: 1 to all of {@link #CUTS}. */
    public static boolean allows(int views) {
        return views >= 1 && views <= CUTS.size();
    }

    /**
     * @param cut        the plate's crop with the given margins
     * @param views      how many of {@link #CUTS} to read, 1 to all of them
     * @param candidates the reader's top-N
     */
    public static Viewed read(PlateReader reader, Function<PlateCropper.Margins, PlateCropper.Crop> cut, int views, int candidates)
            throws InferenceException {
        List<Cut> cuts = new ArrayList<>(views);
        for (PlateCropper.Margins margins : CUTS.subList(0, views)) {
            if (decided(cuts, views - cuts.size())) {
                break;
            }
            PlateCropper.Crop crop = cut.apply(margins);
            cuts.add(new Cut(reader.read(crop.bgr(), crop.width(), crop.height(), candidates), crop));
        }
        Cut chosen = vote(cuts);
        return new Viewed(chosen.read(), chosen.crop(), cuts.get(0).read());
    }

    /** Whether {@code unread} more cuts, each read with a confidence of at most 1, could no longer change the vote's text. */
    static boolean decided(List<Cut> cuts, int unread) {
        if (cuts.isEmpty()) {
            return false;
        }
        return VoteLead.of(sums(cuts).values()) > unread;
    }

    private static Map<String, Float> sums(List<Cut> cuts) {
        Map<String, Float> votes = new LinkedHashMap<>();
        for (Cut cut : cuts) {
            votes.merge(cut.read().text(), cut.read().confidence(), Float::sum);
        }
        return votes;
    }

    /** The most confident read of the text whose reads' confidences sum highest; on a tie, of the text read first. */
    static Cut vote(List<Cut> cuts) {
        Map<String, Float> votes = sums(cuts);
        Map<String, Cut> surest = new HashMap<>();
        for (Cut cut : cuts) {
            String text = cut.read().text();
            Cut before = surest.get(text);
            if (before == null || cut.read().confidence() > before.read().confidence()) {
                surest.put(text, cut);
            }
        }
        String winner = null;
        for (Map.Entry<String, Float> vote : votes.entrySet()) {
            if (winner == null || vote.getValue() > votes.get(winner)) {
                winner = vote.getKey();
            }
        }
        return surest.get(winner);
    }
}
