package io.platewise.core;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Optional;

/** The config/ file a configuration came from, as Apache Felix File Install records it. */
public final class ConfigurationFiles {

    /** The property File Install writes into each configuration it makes from a file: the file's URL. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private ConfigurationFiles() {
    }

    /**
     * The file of a configuration made by File Install; empty for one made otherwise (over REST) or
     * whose recorded name is no path (a file: URL is read as one, a plain name as a path).
     */
    public static Optional<Path> fileOf(Dictionary<String, ?> properties) {
        Object name = properties == null ? null : properties.get(FILE_PROPERTY);
        if (name == null) {
            return Optional.empty();
        }
        String fileName = String.valueOf(name);
        try {
            return Optional.of(fileName.startsWith("file:") ? Path.of(URI.create(fileName)) : Path.of(fileName));
        } catch (IllegalArgumentException | FileSystemNotFoundException notAPath) {
            return Optional.empty();
        }
    }
}
