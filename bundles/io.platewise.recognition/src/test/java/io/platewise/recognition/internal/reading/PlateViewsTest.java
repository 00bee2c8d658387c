package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.pipeline.TextRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vote over a plate's cuts: agreement outweighs one sure read, and the read kept is the winner's surest. */
class PlateViewsTest {

    @Test
    void twoCutsThatAgreeOutvoteOneSurerCut() {
        PlateViews.Cut trained = viewed("AB123CD", 0.45f, 10);
        PlateViews.Cut wider = viewed("AB123C", 0.80f, 12);
        PlateViews.Cut tighter = viewed("AB123CD", 0.50f, 8);
        PlateViews.Cut chosen = PlateViews.vote(List.of(trained, wider, tighter));
        assertEquals("AB123CD", chosen.read().text(), "0.45 + 0.50 against 0.80");
        assertSame(tighter, chosen, "the winning text's most confident read, with the cut it was read from");
    }

    @Test
    void aTieKeepsTheTextReadFirstAndOneCutIsItsOwnRead() {
        PlateViews.Cut trained = viewed("AB123CD", 0.60f, 10);
        PlateViews.Cut wider = viewed("A8123CD", 0.60f, 12);
        assertSame(trained, PlateViews.vote(List.of(trained, wider)));
        assertSame(wider, PlateViews.vote(List.of(wider)));
        assertEquals(PlateCropper.TRAINED, PlateViews.CUTS.get(0), "one view is the reader's trained cut, as before views");
    }

    @Test
    void settingsTakeOneToThreeViews() {
        TextRules none = new TextRules(List.of(), Map.of());
        for (int views : new int[] {0, 4}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new TaskSettings(0.4f, 0.5f, 0.2f, 4, 10, List.of(), List.of(), none, 5, views, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
            assertEquals("readerViews is 1 to 3, not " + views, refused.getMessage());
        }
    }

    @Test
    void aCutIsLeftUnreadOnlyOnceNoReadOfItCouldChangeTheWinningText() {
        PlateViews.Cut sure = viewed("AB123CD", 0.97f, 10);
        assertFalse(PlateViews.decided(List.of(), 3), "the trained cut is always read");
        assertFalse(PlateViews.decided(List.of(sure), 2), "two more cuts could agree on another text: 0.97 < 2");
        assertTrue(PlateViews.decided(List.of(sure, viewed("AB123CD", 0.90f, 12)), 1), "1.87 ahead, one cut of at most 1 left");
        assertFalse(PlateViews.decided(List.of(sure, viewed("AB123CD", 0.02f, 12)), 1), "0.99 ahead: a third read of 1.0 elsewhere wins");
        assertFalse(PlateViews.decided(List.of(sure, viewed("AB123C", 0.90f, 12)), 1), "two texts: the third cut decides");
        assertTrue(PlateViews.decided(List.of(sure), 0), "nothing left to read");
    }

    @Test
    void readingUntilDecidedGivesTheTextThatEveryCutGives() {
        Random random = new Random(17);
        String[] texts = {"AB123CD", "AB123C", "A8123CD"};
        int skipped = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            List<PlateViews.Cut> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Confidences bunched near the ends, as a reader's are, with exact ties now and then.
                float confidence = random.nextInt(8) == 0 ? 0.5f : (float) Math.pow(random.nextDouble(), random.nextBoolean() ? 0.2 : 3);
                all.add(viewed(texts[random.nextInt(random.nextInt(3) + 1)], confidence, 10 + i));
            }
            List<PlateViews.Cut> read = new ArrayList<>();
            for (PlateViews.Cut cut : all) {
                if (PlateViews.decided(read, all.size() - read.size())) {
                    break;
                }
                read.add(cut);
            }
            skipped += all.size() - read.size();
            assertEquals(PlateViews.vote(all).read().text(), PlateViews.vote(read).read().text(), all.toString());
        }
        assertTrue(skipped > 2_000, "the rule leaves cuts unread often enough to matter: " + skipped);
    }

    private static PlateViews.Cut viewed(String text, float confidence, int width) {
        return new PlateViews.Cut(new PlateRead(text, confidence, null, null, false), new PlateCropper.Crop(new byte[width * 4 * 3], width, 4));
    }
}
