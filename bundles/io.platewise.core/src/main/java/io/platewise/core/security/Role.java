package io.platewise.core.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles of Platewise users. Every REST method names the roles allowed to call it with
 * {@code @RolesAllowed}, using the constants below; a user holds one role, which implies others:
 * an admin may do everything, operators and labelers may also do what viewers may.
 */
public enum Role {
    VIEWER,
    LABELER,
    OPERATOR,
    ADMIN;

    /** Constants for {@code @RolesAllowed}, which needs compile-time strings. */
    public static final String ADMIN_NAME = "admin";
    public static final String OPERATOR_NAME = "operator";
    public static final String LABELER_NAME = "labeler";
    public static final String VIEWER_NAME = "viewer";

    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles a holder of this role acts as, itself included. */
    public Set<Role> implied() {
        return switch (this) {
            case ADMIN -> EnumSet.allOf(Role.class);
            case OPERATOR -> EnumSet.of(OPERATOR, VIEWER);
            case LABELER -> EnumSet.of(LABELER, VIEWER);
            case VIEWER -> EnumSet.of(VIEWER);
        };
    }

    public boolean implies(String roleName) {
        return fromName(roleName).map(implied()::contains).orElse(false);
    }

    public static java.util.Optional<Role> fromName(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        for (Role role : values()) {
            if (role.externalName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }
}
