package io.platewise.auth.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.platewise.auth.PlatewisePrincipal;
import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.security.Role;
import io.platewise.db.SchemaMigrations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, passwords and API tokens. Verifying a bcrypt hash is deliberately slow, so a successful
 * HTTP Basic login is remembered (as a salted digest of the password, tied to the stored hash) and
 * later requests with the same credentials skip bcrypt until the password changes.
 */
@Component(service = AuthenticationService.class, configurationPid = "io.platewise.auth",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfiguration.class)
public final class AuthenticationService {

    static final String ADMIN_PASSWORD_VARIABLE = "PLATEWISE_ADMIN_PASSWORD";
    static final String TOKEN_PREFIX = "pw_";
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationService.class);
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile(TOKEN_PREFIX + "([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    /** bcrypt hashes at most this many bytes of a password. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private record Verified(String storedHash, byte[] digest) {
    }

    private final AuthRepository repository;
    private final LoginThrottle throttle;
    private final int bcryptCost;
    private final int maxFailuresPerAddress;
    private final int minPasswordLength;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] cacheSalt = new byte[32];
    private final Map<String, Verified> verifiedPasswords = new ConcurrentHashMap<>();

    @Activate
    public AuthenticationService(AuthConfiguration configuration, @Reference DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        this(configuration, dataSource, Clock.systemUTC());
        migrations.migrate("auth", context.getBundle(), "db/migration/auth");
        ensureFirstAdmin(System::getenv);
    }

    AuthenticationService(AuthConfiguration configuration, DataSource dataSource, Clock clock) {
        if (configuration.bcryptCost() < 4 || configuration.bcryptCost() > 31) {
            throw new InvalidInputException("bcryptCost must be between 4 and 31, was " + configuration.bcryptCost());
        }
        this.repository = new AuthRepository(dataSource);
        this.bcryptCost = configuration.bcryptCost();
        this.maxFailuresPerAddress = configuration.maxFailuresPerAddress();
        this.minPasswordLength = configuration.minPasswordLength();
        this.clock = clock;
        this.throttle = new LoginThrottle(configuration.maxFailures(), Duration.ofSeconds(configuration.failureWindowSeconds()),
                Duration.ofSeconds(configuration.lockSeconds()), Duration.ofSeconds(configuration.maxLockSeconds()), clock);
        random.nextBytes(cacheSalt);
    }

    /**
     * On the first start there is no user: create {@code admin} with the password from
     * {@value #ADMIN_PASSWORD_VARIABLE}, or a generated one printed once on the console. There is
     * never a default password.
     */
    void ensureFirstAdmin(Function<String, String> environment) throws SQLException {
        if (repository.countUsers() > 0) {
            return;
        }
        String fromEnvironment = environment.apply(ADMIN_PASSWORD_VARIABLE);
        boolean generated = fromEnvironment == null || fromEnvironment.isBlank();
        String password = generated ? generatePassword() : fromEnvironment;
        if (!generated && password.length() < minPasswordLength) {
            throw new InvalidInputException(ADMIN_PASSWORD_VARIABLE + " must have at least " + minPasswordLength
                    + " characters; unset it to have a password generated");
        }
        OffsetDateTime now = now();
        repository.insertUser(new UserRecord("admin", hash(password), Role.ADMIN, now, now));
        if (generated) {
            // Printed, not logged: the log file outlives the console and may be shipped elsewhere.
            System.out.println("\n==================================================================\n"
                    + " Platewise first start: created user 'admin' with password\n\n     " + password
                    + "\n\n This is shown once. Change it with PUT /api/users/admin/password.\n"
                    + "==================================================================\n");
            LOG.warn("First start: created user 'admin' with a generated password (printed on the console once)");
        } else {
            LOG.info("First start: created user 'admin' with the password from {}", ADMIN_PASSWORD_VARIABLE);
        }
    }

    PlatewisePrincipal authenticateBasic(String name, String password, String address) throws AuthenticationFailedException {
        String pairKey = "pair:" + address + "/" + name;
        String addressKey = "address:" + address;
        refuseIfLocked(pairKey);
        refuseIfLocked(addressKey);
        try {
            Optional<UserRecord> user = repository.findUser(name);
            if (user.isPresent() && matches(user.get(), password)) {
                throttle.recordSuccess(pairKey);
                return new PlatewisePrincipal(user.get().name(), user.get().role(), "basic");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read users: " + e.getMessage(), e);
        }
        boolean lockedPair = throttle.recordFailure(pairKey);
        boolean lockedAddress = throttle.recordFailure(addressKey, maxFailuresPerAddress);
        LOG.warn("Failed login for user '{}' from {}{}", name, address,
                lockedPair || lockedAddress ? "; further attempts are refused for a while" : "");
        throw new AuthenticationFailedException("Wrong user name or password", null);
    }

    PlatewisePrincipal authenticateToken(String token, String address) throws AuthenticationFailedException {
        String addressKey = "address:" + address;
        refuseIfLocked(addressKey);
        java.util.regex.Matcher parts = TOKEN.matcher(token);
        try {
            if (parts.matches()) {
                Optional<TokenRecord> record = repository.findToken(parts.group(1));
                OffsetDateTime now = now();
                if (record.isPresent() && record.get().usableAt(now)
                        && MessageDigest.isEqual(sha256Hex(parts.group(2)).getBytes(StandardCharsets.US_ASCII),
                                record.get().secretSha256().getBytes(StandardCharsets.US_ASCII))) {
                    Optional<UserRecord> user = repository.findUser(record.get().userName());
                    if (user.isPresent()) {
                        repository.touchToken(record.get().id(), now);
                        return new PlatewisePrincipal(user.get().name(), user.get().role(), "token");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read tokens: " + e.getMessage(), e);
        }
        throttle.recordFailure(addressKey, maxFailuresPerAddress);
        LOG.warn("Rejected API token from {}", address);
        throw new AuthenticationFailedException("Invalid, expired or revoked API token", null);
    }

    private void refuseIfLocked(String key) throws AuthenticationFailedException {
        Optional<Duration> locked = throttle.lockedFor(key);
        if (locked.isPresent()) {
            throw new AuthenticationFailedException("Too many failed logins; try again in "
                    + Math.max(1, locked.get().toSeconds()) + " s", locked.get());
        }
    }

    private boolean matches(UserRecord user, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            // No password that long is ever set, so it cannot match (and bcrypt would refuse it with an exception).
            return false;
        }
        byte[] digest = cacheDigest(user.name(), password);
        Verified verified = verifiedPasswords.get(user.name());
        if (verified != null && verified.storedHash().equals(user.passwordHash()) && MessageDigest.isEqual(verified.digest(), digest)) {
            return true;
        }
        boolean ok = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                user.passwordHash().getBytes(StandardCharsets.UTF_8)).verified;
        if (ok) {
            verifiedPasswords.put(user.name(), new Verified(user.passwordHash(), digest));
        }
        return ok;
    }

    // User administration.

    List<UserRecord> users() throws SQLException {
        return repository.listUsers();
    }

    UserRecord user(String name) throws SQLException {
        return repository.findUser(name).orElseThrow(() -> new ResourceNotFoundException("No user named '" + name + "'"));
    }

    UserRecord createUser(String name, String password, String roleName) throws SQLException {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw new InvalidInputException("User name must be 1-64 letters, digits or . _ @ - and start with a letter or digit");
        }
        Role role = Role.fromName(roleName).orElseThrow(() -> new InvalidInputException(
                "Unknown role '" + roleName + "'; use one of admin, operator, labeler, viewer"));
        checkPassword(password);
        OffsetDateTime now = now();
        UserRecord user = new UserRecord(name, hash(password), role, now, now);
        if (!repository.insertUser(user)) {
            throw new ConflictException("A user named '" + name + "' already exists");
        }
        LOG.info("Created user '{}' with role {}", name, role.externalName());
        return user;
    }

    void changePassword(String name, String password) throws SQLException {
        checkPassword(password);
        if (!repository.updatePassword(name, hash(password), now())) {
            throw new ResourceNotFoundException("No user named '" + name + "'");
        }
        verifiedPasswords.remove(name);
        LOG.info("Password of user '{}' changed", name);
    }

    void deleteUser(String name) throws SQLException {
        UserRecord user = user(name);
        if (user.role() == Role.ADMIN && repository.countUsersWithRole(Role.ADMIN) <= 1) {
            throw new ConflictException("'" + name + "' is the last admin; create another admin before deleting it");
        }
        repository.deleteUser(name);
        verifiedPasswords.remove(name);
        LOG.info("Deleted user '{}' and its tokens", name);
    }

    private void checkPassword(String password) {
        if (password == null || password.length() < minPasswordLength) {
            throw new InvalidInputException("Password must have at least " + minPasswordLength + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInputException("Password must not be longer than " + MAX_PASSWORD_BYTES + " bytes (a bcrypt limit)");
        }
    }

    // Tokens.

    /** @return the record and, once only, the token text to hand to the caller */
    Map.Entry<TokenRecord, String> createToken(String userName, String label, Integer expiresInDays) throws SQLException {
        if (label == null || label.isBlank() || label.length() > 100) {
            throw new InvalidInputException("Token name must be 1-100 characters");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 3650)) {
            throw new InvalidInputException("expiresInDays must be between 1 and 3650, or left out for no expiry");
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        OffsetDateTime now = now();
        TokenRecord record = new TokenRecord(id, userName, label.trim(), sha256Hex(secret), now,
                expiresInDays == null ? null : now.plusDays(expiresInDays), null, null);
        repository.insertToken(record);
        LOG.info("User '{}' created API token {} ({})", userName, id, record.label());
        return Map.entry(record, TOKEN_PREFIX + id + "." + secret);
    }

    List<TokenRecord> tokens(String userNameOrNull) throws SQLException {
        return repository.listTokens(userNameOrNull);
    }

    TokenRecord token(String id) throws SQLException {
        return repository.findToken(id).orElseThrow(() -> new ResourceNotFoundException("No API token with id '" + id + "'"));
    }

    void revokeToken(String id) throws SQLException {
        if (!repository.revokeToken(id, now())) {
            token(id);
            throw new ConflictException("API token '" + id + "' is already revoked");
        }
        LOG.info("API token {} revoked", id);
    }

    private String hash(String password) {
        return BCrypt.withDefaults().hashToString(bcryptCost, password.toCharArray());
    }

    private byte[] cacheDigest(String name, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(cacheSalt);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String generatePassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
