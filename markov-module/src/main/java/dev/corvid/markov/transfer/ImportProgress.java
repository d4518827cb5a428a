package dev.corvid.markov.transfer;

/**
 * Where an import stands; sent after every stored batch and at the end.
 *
 * @param format the detected file format
 * @param acknowledged messages stored durably so far (new ones)
 * @param duplicates messages skipped because their id was already stored (a re-run or an overlap)
 * @param skipped items that are not trainable: bot messages, empty or attachment-only messages, over-long text
 * @param bytesRead bytes of the upload consumed so far
 * @param bytesTotal the upload's size when the client sent Content-Length, else null
 * @param messagesPerSecond acknowledged messages per second so far
 * @param etaSeconds estimated seconds left, from the bytes still to read; null without Content-Length
 * @param resumeAfter id of the last stored message: pass it as {@code resumeAfter} to continue after a failure
 * @param done true on the final report
 */
public record ImportProgress(String format, long acknowledged, long duplicates, long skipped, long bytesRead,
        Long bytesTotal, double messagesPerSecond, Double etaSeconds, String resumeAfter, boolean done) {
}
