/**
 * Cameras: the product's only input. {@link io.platewise.video.CameraService} lists the configured
 * cameras with their state, and hands decoded frames to consumers with a keep-latest policy.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.platewise.video;
