/**
 * The model registry of one host: installed model packages, their descriptors and history.
 * A model package is a {@code .tar} (optionally gzip-compressed) holding {@code descriptor.json}
 * and the files it lists; see {@link io.platewise.models.ModelDescriptor}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.models;
