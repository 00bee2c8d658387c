/**
 * Licence-plate recognition: what is found in a frame ({@link io.platewise.recognition.api.PlateDetection}),
 * what is read from it ({@link io.platewise.recognition.api.PlateRead}), and one car's sightings voted
 * into one {@link io.platewise.recognition.api.Tracklet}. Engines implement
 * {@link io.platewise.recognition.api.InferenceEngine}; third parties add
 * {@link io.platewise.recognition.api.DetectorPlugin} services that join running pipelines.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.platewise.recognition.api;
