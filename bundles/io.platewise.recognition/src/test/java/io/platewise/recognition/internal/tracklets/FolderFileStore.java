package io.platewise.recognition.internal.tracklets;

import io.platewise.filestore.FileStore;
import io.platewise.filestore.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Files on disk under one folder, one per reference, for tests that need the files to be real. */
class FolderFileStore implements FileStore {

    private final Path folder;
    private final AtomicInteger stored = new AtomicInteger();

    FolderFileStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public StoredFile store(String area, String extension, InputStream content) throws IOException {
        String reference = area + "/" + stored.incrementAndGet() + "." + extension;
        Path file = resolve(reference);
        Files.createDirectories(file.getParent());
        long size = Files.copy(content, file);
        return new StoredFile(reference, size, "");
    }

    @Override
    public InputStream open(String reference) throws IOException {
        return Files.newInputStream(resolve(reference));
    }

    @Override
    public Path resolve(String reference) {
        return folder.resolve(reference);
    }

    @Override
    public boolean delete(String reference) throws IOException {
        return Files.deleteIfExists(resolve(reference));
    }

    @Override
    public Path root() {
        return folder;
    }

    @Override
    public long usableBytes() throws IOException {
        return Files.getFileStore(folder).getUsableSpace();
    }
}
