package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.internal.detection.DetectionArea;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhotoReadingTest {

    @Test
    void aLargePictureIsLookedAtAgainInFourOverlappingTilesThatCoverIt() {
        DetectionArea whole = DetectionArea.whole(2560, 1440);
        List<DetectionArea> tiles = PhotoReading.tiles(whole, 640, 360);
        assertEquals(4, tiles.size());
        for (DetectionArea tile : tiles) {
            assertEquals(1440, tile.width(), "9/16 of the width");
            assertEquals(810, tile.height(), "9/16 of the height");
            assertTrue(tile.x() % 2 == 0 && tile.y() % 2 == 0, "even origins, as every detection area has: " + tile);
            assertTrue(tile.x() + tile.width() <= 2560 && tile.y() + tile.height() <= 1440, "inside the picture: " + tile);
        }
        assertEquals(List.of(0, 1120, 0, 1120), tiles.stream().map(DetectionArea::x).toList());
        assertEquals(List.of(0, 0, 630, 630), tiles.stream().map(DetectionArea::y).toList());
    }

    @Test
    void tilesFollowAZonesAreaAndAreNotEnlargedPastThePicturesPixels() {
        DetectionArea lane = new DetectionArea(400, 200, 2000, 1124);
        List<DetectionArea> tiles = PhotoReading.tiles(lane, 640, 360);
        assertEquals(400, tiles.get(0).x());
        assertEquals(200, tiles.get(0).y());
        DetectionArea last = tiles.get(3);
        assertTrue(last.x() + last.width() <= 2400 && last.y() + last.height() <= 1324, "inside the area: " + last);
        assertTrue(last.x() + last.width() >= 2399 && last.y() + last.height() >= 1323, "to the area's far edges: " + last);

        // 1280x720 gives tiles of 720x406, still shrunk into 640x360; 960x540 would need tiles enlarged: none.
        assertEquals(4, PhotoReading.tiles(DetectionArea.whole(1280, 720), 640, 360).size());
        assertEquals(List.of(), PhotoReading.tiles(DetectionArea.whole(960, 540), 640, 360));
    }
}
