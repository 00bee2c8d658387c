package io.platewise.filestore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Blob storage under the data folder. Writes are atomic (a reader never sees a half-written
 * file) and references are validated, so a reference taken from a request can never point
 * outside the store.
 */
@ProviderType
public interface FileStore {

    /**
     * Stores the content under a new unique reference.
     *
     * @param area      lower-case folder for one kind of content, such as {@code tracklets}
     * @param extension file extension without dot, such as {@code jpg}
     * @throws io.platewise.core.InvalidInputException for a bad area or extension
     * @throws io.platewise.core.StorageExhaustedException when the disk would fall below its reserve
     */
    StoredFile store(String area, String extension, InputStream content) throws IOException;

    /** @throws io.platewise.core.ResourceNotFoundException when nothing is stored under the reference */
    InputStream open(String reference) throws IOException;

    /** The file on disk; it may not exist. @throws io.platewise.core.InvalidInputException for an unsafe reference */
    Path resolve(String reference);

    /** @return whether a file was deleted */
    boolean delete(String reference) throws IOException;

    /** The folder that holds every area. */
    Path root();

    /** Free space on the disk that holds the store, in bytes, as far as this process may use it. */
    long usableBytes() throws IOException;
}
