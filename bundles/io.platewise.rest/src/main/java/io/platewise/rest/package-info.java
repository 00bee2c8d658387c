/**
 * What REST resources of any Platewise bundle share: the extension filters to select, and the
 * JSON error body. Resources live in their own bundles and are published on the Jakarta REST
 * whiteboard under {@code /api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.rest;
