package io.platewise.auth.internal;

import io.platewise.core.security.Role;
import java.time.OffsetDateTime;

/** A row of {@code auth_user}; never leaves this bundle. */
record UserRecord(String name, String passwordHash, Role role, OffsetDateTime createdAt, OffsetDateTime passwordChangedAt) {
}
