package io.platewise.db.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;

/**
 * Feeds Flyway the SQL scripts of one bundle straight from its entries. Flyway's own classpath
 * scanning cannot see into other bundles reliably, so we hand it the scripts ourselves.
 */
final class BundleScriptProvider implements ResourceProvider {

    private final List<LoadableResource> scripts;

    BundleScriptProvider(Bundle owner, String location) {
        this.scripts = list(owner, location);
    }

    private static List<LoadableResource> list(Bundle owner, String location) {
        List<LoadableResource> found = new ArrayList<>();
        Enumeration<URL> entries = owner.findEntries(location, "*.sql", false);
        if (entries != null) {
            while (entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath();
                found.add(new UrlResource(url, path.substring(path.lastIndexOf('/') + 1), location));
            }
        }
        return found;
    }

    List<LoadableResource> scripts() {
        return List.copyOf(scripts);
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(s -> s.getFilename().equals(name) || s.getRelativePath().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> matching = new ArrayList<>();
        for (LoadableResource script : scripts) {
            if (!script.getFilename().startsWith(prefix)) {
                continue;
            }
            for (String suffix : suffixes) {
                if (script.getFilename().endsWith(suffix)) {
                    matching.add(script);
                    break;
                }
            }
        }
        return matching;
    }

    private static final class UrlResource extends LoadableResource {
        private final URL url;
        private final String filename;
        private final String location;

        UrlResource(URL url, String filename, String location) {
            this.url = url;
            this.filename = filename;
            this.location = location;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read migration script " + url, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return location + "/" + filename;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.toString();
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return filename;
        }
    }
}
