package dev.corvid.platform.api.error;

/** The request was well-formed JSON but asks for something impossible; a 400 unless a table says otherwise. */
public class InvalidInputException extends CorvidException {

    public InvalidInputException(String detail) {
        super(detail);
    }
}
