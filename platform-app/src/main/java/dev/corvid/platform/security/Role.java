package dev.corvid.platform.security;

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

    /** This role's name and the names of the roles it includes. */
    Set<String> granted() {
        return switch (this) {
            case READER -> Set.of(READER_NAME);
            case WRITER -> Set.of(READER_NAME, WRITER_NAME);
            case ADMIN -> Set.of(READER_NAME, WRITER_NAME, ADMIN_NAME);
        };
    }
}
