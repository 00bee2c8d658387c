package io.platewise.video;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of the bundles that use cameras (recognition tasks): which of their users
 * name a camera. {@code DELETE /api/cameras/{id}} is refused while any of them names a user, so a
 * task never waits, silently, for frames of a camera that is gone. (Its method's name differs from
 * {@code ModelUsage.usersOf}, so that one service can answer both.)
 */
@ConsumerType
public interface CameraUsage {

    /** Names of what uses the camera, such as {@code task gate-1}; empty when nothing does. */
    List<String> usersOfCamera(String cameraId);
}
