package io.platewise.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise authentication", description = "Passwords, tokens and login throttling.")
@interface AuthConfiguration {

    @AttributeDefinition(description = "bcrypt cost factor for stored password hashes (10-14; each step doubles the work)")
    int bcryptCost() default 11;

    @AttributeDefinition(description = "Failed logins from one address for one user name before that pair is locked")
    int maxFailures() default 5;

    @AttributeDefinition(description = "Failed logins from one address, whatever the user name, before the address is locked")
    int maxFailuresPerAddress() default 30;

    @AttributeDefinition(description = "Window in seconds in which failed logins are counted")
    int failureWindowSeconds() default 300;

    @AttributeDefinition(description = "Seconds of the first lock; each further lock of the same key doubles it")
    int lockSeconds() default 30;

    @AttributeDefinition(description = "Longest lock in seconds")
    int maxLockSeconds() default 900;

    @AttributeDefinition(description = "Shortest accepted password length")
    int minPasswordLength() default 10;
}
