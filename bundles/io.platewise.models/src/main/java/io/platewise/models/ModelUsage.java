package io.platewise.models;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of the bundles that use models (recognition tasks): which of their users hold
 * a model. The registry refuses to delete a model while any of them names a user.
 */
@ConsumerType
public interface ModelUsage {

    /** Names of what uses the model, such as {@code task gate-1}; empty when nothing does. */
    List<String> usersOf(String modelName);
}
