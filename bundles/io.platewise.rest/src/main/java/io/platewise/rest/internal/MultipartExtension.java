package io.platewise.rest.internal;

import io.platewise.rest.PlatewiseRest;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/** multipart/form-data uploads for the resources that select {@link PlatewiseRest#MULTIPART}. */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName(PlatewiseRest.MULTIPART_EXTENSION)
public final class MultipartExtension implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        return new MultiPartFeature().configure(context);
    }
}
