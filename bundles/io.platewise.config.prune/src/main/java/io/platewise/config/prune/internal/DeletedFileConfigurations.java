package io.platewise.config.prune.internal;

import io.platewise.core.ConfigurationFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, once at start, the configurations File Install made from a file that is gone.
 *
 * <p>File Install deletes a configuration when its file is deleted while it watches; but its memory
 * of the files lives in the framework cache, which every start wipes, while ConfigAdmin's store is
 * kept (cameras added over REST live there). A file deleted while the server was stopped would
 * leave its configuration running forever. This is a bundle activator, not a component, because it
 * must run at start level 2, before Declarative Services (level 3) hands any configuration to a
 * component.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class DeletedFileConfigurations implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedFileConfigurations.class);

    @Override
    public void start(BundleContext context) throws IOException, InvalidSyntaxException {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin configurationAdmin = reference == null ? null : context.getService(reference);
        if (configurationAdmin == null) {
            LOG.warn("No ConfigurationAdmin at start level 2; configurations of deleted config/ files are not removed");
            return;
        }
        try {
            remove(configurationAdmin);
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // Nothing held.
    }

    /** Deletes the configurations whose file no longer exists; returns their PIDs. */
    static List<String> remove(ConfigurationAdmin configurationAdmin) throws IOException, InvalidSyntaxException {
        List<String> removed = new ArrayList<>();
        Configuration[] fromFiles = configurationAdmin.listConfigurations("(" + ConfigurationFiles.FILE_PROPERTY + "=*)");
        for (Configuration configuration : fromFiles == null ? new Configuration[0] : fromFiles) {
            Optional<Path> file = ConfigurationFiles.fileOf(configuration.getProperties());
            if (file.isPresent() && !Files.exists(file.get())) {
                String pid = configuration.getPid();
                configuration.delete();
                removed.add(pid);
                LOG.info("Removed configuration {}: its file {} was deleted while Platewise was stopped", pid, file.get());
            }
        }
        return removed;
    }
}
