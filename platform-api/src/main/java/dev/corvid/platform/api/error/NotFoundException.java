package dev.corvid.platform.api.error;

/** The thing the request names does not exist; always a 404. */
public class NotFoundException extends CorvidException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
