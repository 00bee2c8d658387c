package io.platewise.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.auth.PlatewisePrincipal;
import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.security.Role;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationServiceTest {

    /** A clock the test moves forward by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static AuthConfiguration config() {
        return new AuthConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return AuthConfiguration.class; }
            @Override public int bcryptCost() { return 4; }
            @Override public int maxFailures() { return 3; }
            @Override public int maxFailuresPerAddress() { return 100; }
            @Override public int failureWindowSeconds() { return 300; }
            @Override public int lockSeconds() { return 30; }
            @Override public int maxLockSeconds() { return 900; }
            @Override public int minPasswordLength() { return 10; }
        };
    }

    private final ManualClock clock = new ManualClock();
    private AuthenticationService service;

    @BeforeEach
    void setUp() throws Exception {
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:" + UUID.randomUUID());
        dataSource.setUser("SA");
        try (InputStream script = getClass().getResourceAsStream("/db/migration/auth/V1__users_and_tokens.sql");
                Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
        service = new AuthenticationService(config(), dataSource, clock);
    }

    @Test
    void firstAdminTakesPasswordFromEnvironmentAndOnlyOnce() throws Exception {
        service.ensureFirstAdmin(Map.of(AuthenticationService.ADMIN_PASSWORD_VARIABLE, "correct horse battery")::get);
        PlatewisePrincipal admin = service.authenticateBasic("admin", "correct horse battery", "10.0.0.1");
        assertEquals(Role.ADMIN, admin.role());
        service.ensureFirstAdmin(Map.of(AuthenticationService.ADMIN_PASSWORD_VARIABLE, "another password")::get);
        assertThrows(AuthenticationFailedException.class, () -> service.authenticateBasic("admin", "another password", "10.0.0.1"));
    }

    @Test
    void firstAdminGetsAGeneratedPasswordWithoutEnvironment() throws Exception {
        service.ensureFirstAdmin(name -> null);
        assertEquals(1, service.users().size());
        assertEquals(Role.ADMIN, service.users().get(0).role());
        assertTrue(service.users().get(0).passwordHash().startsWith("$2"), "bcrypt hash expected");
    }

    @Test
    void tooShortEnvironmentPasswordIsRefused() {
        assertThrows(InvalidInputException.class,
                () -> service.ensureFirstAdmin(Map.of(AuthenticationService.ADMIN_PASSWORD_VARIABLE, "short")::get));
    }

    @Test
    void wrongPasswordsLockThePairThenTheLockExpires() throws Exception {
        service.createUser("bob", "bob-password-1", "viewer");
        for (int i = 0; i < 3; i++) {
            AuthenticationFailedException failure = assertThrows(AuthenticationFailedException.class,
                    () -> service.authenticateBasic("bob", "wrong-password", "10.0.0.2"));
            assertNull(failure.retryAfter());
        }
        AuthenticationFailedException locked = assertThrows(AuthenticationFailedException.class,
                () -> service.authenticateBasic("bob", "bob-password-1", "10.0.0.2"));
        assertNotNull(locked.retryAfter(), "the right password is refused while locked");
        // Another address is not locked out by this one.
        assertEquals("bob", service.authenticateBasic("bob", "bob-password-1", "10.0.0.3").name());
        clock.now = clock.now.plus(Duration.ofSeconds(31));
        assertEquals("bob", service.authenticateBasic("bob", "bob-password-1", "10.0.0.2").name());
    }

    /** A login with a password longer than bcrypt takes is a wrong password, not a server error. */
    @Test
    void aPasswordLongerThanAnyThatCanBeSetIsWrong() throws Exception {
        service.createUser("dave", "dave-password-1", "operator");
        AuthenticationFailedException refused = assertThrows(AuthenticationFailedException.class,
                () -> service.authenticateBasic("dave", "dave-password-1" + "x".repeat(100), "10.0.0.4"));
        assertEquals("Wrong user name or password", refused.getMessage());
        assertEquals("dave", service.authenticateBasic("dave", "dave-password-1", "10.0.0.4").name());
    }

    @Test
    void passwordChangeInvalidatesTheRememberedLogin() throws Exception {
        service.createUser("carol", "carol-password-1", "operator");
        service.authenticateBasic("carol", "carol-password-1", "a");
        service.changePassword("carol", "carol-password-2");
        assertThrows(AuthenticationFailedException.class, () -> service.authenticateBasic("carol", "carol-password-1", "a"));
        assertEquals(Role.OPERATOR, service.authenticateBasic("carol", "carol-password-2", "a").role());
    }

    @Test
    void tokensAuthenticateUntilRevokedOrExpired() throws Exception {
        service.createUser("integrator", "integrator-pass", "operator");
        Map.Entry<TokenRecord, String> token = service.createToken("integrator", "vms", 1);
        assertTrue(token.getValue().startsWith("pw_"));
        PlatewisePrincipal principal = service.authenticateToken(token.getValue(), "b");
        assertEquals("integrator", principal.name());
        assertEquals("token", principal.method());
        assertThrows(AuthenticationFailedException.class, () -> service.authenticateToken(token.getValue() + "x", "b"));

        clock.now = clock.now.plus(Duration.ofDays(2));
        assertThrows(AuthenticationFailedException.class, () -> service.authenticateToken(token.getValue(), "b"));

        Map.Entry<TokenRecord, String> second = service.createToken("integrator", "vms2", null);
        service.authenticateToken(second.getValue(), "b");
        service.revokeToken(second.getKey().id());
        assertThrows(AuthenticationFailedException.class, () -> service.authenticateToken(second.getValue(), "b"));
        assertThrows(ConflictException.class, () -> service.revokeToken(second.getKey().id()));
    }

    @Test
    void userValidation() throws Exception {
        service.createUser("dave", "dave-password", "labeler");
        assertThrows(ConflictException.class, () -> service.createUser("dave", "dave-password", "labeler"));
        assertThrows(InvalidInputException.class, () -> service.createUser("eve", "short", "viewer"));
        assertThrows(InvalidInputException.class, () -> service.createUser("eve", "eve-password", "root"));
        assertThrows(InvalidInputException.class, () -> service.createUser("../eve", "eve-password", "viewer"));
    }

    @Test
    void lastAdminCannotBeDeleted() throws Exception {
        service.ensureFirstAdmin(name -> null);
        assertThrows(ConflictException.class, () -> service.deleteUser("admin"));
        service.createUser("root2", "root2-password", "admin");
        service.deleteUser("admin");
        assertEquals(1, service.users().size());
    }
}
