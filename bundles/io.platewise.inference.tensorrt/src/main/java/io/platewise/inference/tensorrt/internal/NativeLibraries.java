package io.platewise.inference.tensorrt.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the host's NVIDIA libraries would be found. Looking for the files before loading them turns
 * JavaCPP's "no jnicudart in java.library.path" into the cause an operator can act on ("no NVIDIA
 * driver", "TensorRT is not installed"), because the loader's message names its own JNI library,
 * not the missing dependency.
 */
final class NativeLibraries {

    /** Folders where NVIDIA's packages and containers put the libraries, after the configured paths. */
    private static final List<String> SYSTEM_FOLDERS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64",
            "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/tensorrt/lib", "/usr/lib/wsl/lib");

    private final List<Path> folders;

    NativeLibraries(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** LD_LIBRARY_PATH, java.library.path, then the usual system folders. */
    static NativeLibraries ofThisHost() {
        Set<String> names = new LinkedHashSet<>();
        for (String variable : new String[] {System.getenv("LD_LIBRARY_PATH"), System.getProperty("java.library.path")}) {
            if (variable != null) {
                for (String folder : variable.split(File.pathSeparator)) {
                    if (!folder.isBlank()) {
                        names.add(folder);
                    }
                }
            }
        }
        names.addAll(SYSTEM_FOLDERS);
        List<Path> folders = new ArrayList<>();
        names.forEach(name -> folders.add(Path.of(name)));
        return new NativeLibraries(folders);
    }

    /** The first file of that exact name, such as {@code libcuda.so.1}. */
    Optional<Path> find(String fileName) {
        return folders.stream().map(folder -> folder.resolve(fileName)).filter(Files::exists).findFirst();
    }

    /** The first file whose name starts with the prefix, such as {@code libnvinfer_builder_resource_sm90.so}. */
    Optional<Path> findStartingWith(String prefix) {
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                Optional<Path> found = files.filter(file -> file.getFileName().toString().startsWith(prefix)).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (java.io.IOException | SecurityException e) {
                // An unreadable folder holds nothing we can load either.
            }
        }
        return Optional.empty();
    }

    List<Path> folders() {
        return folders;
    }
}
