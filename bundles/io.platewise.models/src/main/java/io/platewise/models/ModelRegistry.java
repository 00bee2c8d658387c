package io.platewise.models;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The models of this host. */
@ProviderType
public interface ModelRegistry {

    List<InstalledModel> models();

    Optional<InstalledModel> model(String name);

    /**
     * Installs a package read from the stream, without holding it in memory. Nothing becomes
     * visible unless every check passes, and nothing is left behind when one fails.
     *
     * @throws io.platewise.core.InvalidInputException     a bad package, with what is wrong
     * @throws io.platewise.core.ConflictException         the name is taken on this host
     * @throws io.platewise.core.StorageExhaustedException the quota would be exceeded
     */
    InstalledModel install(InputStream packageStream, String actor) throws java.io.IOException;

    /** @throws io.platewise.core.ConflictException while a task uses the model */
    void delete(String name, String actor) throws java.io.IOException;

    List<ModelHistoryEntry> history(String name);

    /** Bytes used by installed models, and the quota. */
    long usedBytes();

    long quotaBytes();
}
