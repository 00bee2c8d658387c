package io.platewise.models.internal;

import io.platewise.core.ConflictException;
import io.platewise.models.InstalledModel;
import io.platewise.models.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models that arrive as OSGi bundles (for example dropped into {@code deploy/}): a bundle whose
 * manifest has {@value #HEADER} (comma-separated paths of model packages inside the bundle) has
 * each package installed in the registry, with all the registry's checks, when it starts. A package
 * whose name is installed already is left alone (the registry never replaces a model silently), and
 * uninstalling the bundle leaves its models installed: tasks may use them, and they are deleted like
 * any other model. Only the models travel this way; engines load them, so native libraries are never
 * reloaded.
 */
@Component(immediate = true)
public final class ModelBundleExtender {

    static final String HEADER = "Platewise-Models";
    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleExtender.class);

    private final ModelRegistry registry;
    private final BundleTracker<Bundle> tracker;

    @Activate
    public ModelBundleExtender(@Reference ModelRegistry registry, BundleContext context) {
        this.registry = registry;
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(HEADER);
                if (header == null) {
                    return null;
                }
                for (String path : header.split(",")) {
                    install(bundle, path.trim());
                }
                return bundle;
            }
        };
        tracker.open();
    }

    private void install(Bundle bundle, String path) {
        URL entry = bundle.getEntry(path);
        String actor = "bundle " + bundle.getSymbolicName();
        if (entry == null) {
            LOG.error("{} names model package {} in {}, but has no such entry", actor, path, HEADER);
            return;
        }
        try (InputStream peek = entry.openStream()) {
            java.util.Optional<String> name = PackageExtractor.modelName(peek);
            if (name.isPresent() && registry.model(name.get()).isPresent()) {
                // The normal case when the bundle starts again (restart, update) after installing it once.
                LOG.debug("Model {} of {} is installed already", name.get(), actor);
                return;
            }
        } catch (IOException e) {
            LOG.error("Model package {} of {} cannot be read: {}", path, actor, e.getMessage());
            return;
        }
        try (InputStream in = entry.openStream()) {
            InstalledModel model = registry.install(in, actor);
            LOG.info("Installed model {} {} from {} ({})", model.name(), model.version(), actor, path);
        } catch (ConflictException e) {
            LOG.warn("Model package {} of {} not installed: {}", path, actor, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Model package {} of {} not installed: {}", path, actor, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
