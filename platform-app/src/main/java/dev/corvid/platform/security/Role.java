package dev.corvid.platform.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.corvid.platform.api.error.InvalidInputException;
import java.util.Locale;
import java.util.Set;

/** The three roles, each including those below it. Resources name them in {@code @RolesAllowed}. */
public enum Role {
    READER,
    WRITER,
    ADMIN;

    /** Role names as {@code @RolesAllowed} spells them. */
    public static final String READER_NAME = "reader";
    public static final String WRITER_NAME = "writer";
    public static final String ADMIN_NAME = "admin";

    /** A role from its name as the API and configuration spell it ({@code writer}), any case. */
    @JsonCreator
    public static Role of(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return role;
            }
        }
        throw new InvalidInputException("role must be reader, writer or admin, not '" + name + "'.");
    }

    /** The role's name in the API: lower case. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and the names of the roles it includes. */
    Set<String> granted() {
        return switch (this) {
            case READER -> Set.of(READER_NAME);
            case WRITER -> Set.of(READER_NAME, WRITER_NAME);
            case ADMIN -> Set.of(READER_NAME, WRITER_NAME, ADMIN_NAME);
        };
    }
}
