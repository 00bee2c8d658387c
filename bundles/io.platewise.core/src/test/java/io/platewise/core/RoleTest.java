package io.platewise.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.security.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void adminImpliesEveryRole() {
        for (Role role : Role.values()) {
            assertTrue(Role.ADMIN.implies(role.externalName()), role.name());
        }
    }

    @Test
    void operatorAndLabelerImplyViewerButNotEachOther() {
        assertTrue(Role.OPERATOR.implies(Role.VIEWER_NAME));
        assertTrue(Role.LABELER.implies(Role.VIEWER_NAME));
        assertFalse(Role.OPERATOR.implies(Role.LABELER_NAME));
        assertFalse(Role.LABELER.implies(Role.OPERATOR_NAME));
        assertFalse(Role.VIEWER.implies(Role.OPERATOR_NAME));
    }

    @Test
    void unknownNamesImplyNothingAndDoNotParse() {
        assertFalse(Role.ADMIN.implies("root"));
        assertEquals(Optional.empty(), Role.fromName("root"));
        assertEquals(Optional.of(Role.LABELER), Role.fromName(" Labeler "));
    }
}
