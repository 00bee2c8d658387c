package io.platewise.auth.internal;

import java.time.OffsetDateTime;

/** A row of {@code auth_token}; the secret itself is never stored, only its SHA-256. */
record TokenRecord(String id, String userName, String label, String secretSha256, OffsetDateTime createdAt,
        OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {

    boolean usableAt(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
