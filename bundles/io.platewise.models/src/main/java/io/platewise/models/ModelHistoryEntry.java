package io.platewise.models;

import java.time.OffsetDateTime;

/** Something that happened to a model name on this host: installed or deleted, by whom, when. */
public record ModelHistoryEntry(String name, String version, String action, String actor, OffsetDateTime at, String detail) {
}
