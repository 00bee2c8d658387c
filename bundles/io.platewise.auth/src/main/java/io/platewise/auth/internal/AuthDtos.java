package io.platewise.auth.internal;

import java.time.OffsetDateTime;

/** The JSON shapes of the user and token resources. */
final class AuthDtos {

    private AuthDtos() {
    }

    public record UserDto(String name, String role, OffsetDateTime createdAt, OffsetDateTime passwordChangedAt) {
        static UserDto of(UserRecord user) {
            return new UserDto(user.name(), user.role().externalName(), user.createdAt(), user.passwordChangedAt());
        }
    }

    public record CreateUserRequest(String name, String password, String role) {
    }

    public record ChangePasswordRequest(String password) {
    }

    public record MeDto(String name, String role, String authenticatedWith) {
    }

    public record TokenDto(String id, String name, String user, OffsetDateTime createdAt, OffsetDateTime expiresAt,
            OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, boolean active) {
        static TokenDto of(TokenRecord token) {
            return new TokenDto(token.id(), token.label(), token.userName(), token.createdAt(), token.expiresAt(),
                    token.lastUsedAt(), token.revokedAt(), token.usableAt(OffsetDateTime.now()));
        }
    }

    public record CreateTokenRequest(String name, Integer expiresInDays) {
    }

    /** Answer of token creation: the only time the secret is shown. */
    public record CreatedTokenDto(String token, TokenDto details) {
    }
}
