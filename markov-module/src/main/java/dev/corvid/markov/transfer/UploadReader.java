package dev.corvid.markov.transfer;

import dev.corvid.markov.scope.NewMessage;
import java.io.IOException;

/** Reads the items of one upload format, one at a time, from a parser positioned by {@link ImportFormat#detect}. */
interface UploadReader {

    /** The next item, or null after the last. */
    Item next() throws IOException;

    /** One item of an upload: a message to store, or the id of one that is not for training (a bot's, a system one). */
    record Item(NewMessage message, String skippedId) {

        static Item message(NewMessage message) {
            return new Item(message, null);
        }

        static Item skipped(String id) {
            return new Item(null, id);
        }

        String id() {
            return message != null ? message.id() : skippedId;
        }
    }
}
