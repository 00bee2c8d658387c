/**
 * What REST resources of any Platewise bundle share: the extension filters to select, the
 * JSON error body, the wording of errors in a JSON request, and what the API description says of
 * parameters. Resources live in their own bundles and are published on the Jakarta REST
 * whiteboard under {@code /api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.platewise.rest;
