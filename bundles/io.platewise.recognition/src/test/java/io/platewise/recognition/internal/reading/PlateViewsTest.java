package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.pipeline.TextRules;
import java.util.List;
import java.util.Map;
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
                    () -> new TaskSettings(0.4f, 0.5f, 0.2f, 4, 10, List.of(), List.of(), none, 5, views));
            assertEquals("readerViews is 1 to 3, not " + views, refused.getMessage());
        }
    }

    private static PlateViews.Cut viewed(String text, float confidence, int width) {
        return new PlateViews.Cut(new PlateRead(text, confidence, null, null, false), new PlateCropper.Crop(new byte[width * 4 * 3], width, 4));
    }
}
