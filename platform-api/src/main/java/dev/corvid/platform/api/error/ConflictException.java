package dev.corvid.platform.api.error;

/** The request clashes with what is stored (a name taken, a stale version); always a 409. */
public class ConflictException extends CorvidException {

    public ConflictException(String detail) {
        super(detail);
    }
}
