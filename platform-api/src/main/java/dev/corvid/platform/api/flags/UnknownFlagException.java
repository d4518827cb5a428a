package dev.corvid.platform.api.flags;

/** A flag name that no module defines. */
public class UnknownFlagException extends IllegalArgumentException {

    public UnknownFlagException(String flag) {
        super("unknown feature flag '" + flag + "'");
    }
}
