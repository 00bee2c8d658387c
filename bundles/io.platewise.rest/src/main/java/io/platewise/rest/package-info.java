/**
 * What REST resources of any Platewise bundle share: the extension filters to select, the
 * JSON error body, and the wording of errors in a JSON request. Resources live in their own bundles and are published on the Jakarta REST
 * whiteboard under {@code /api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.platewise.rest;
