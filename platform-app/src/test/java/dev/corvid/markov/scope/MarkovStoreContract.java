package dev.corvid.markov.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MarkovStore} must do, as its javadoc states it. Each implementation runs these tests through a
 * subclass that supplies the store ({@code PgMarkovStoreTest} for PostgreSQL).
 */
abstract class MarkovStoreContract {

    /** The store under test. */
    protected abstract MarkovStore store();

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    private static String scope() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static NewMessage message(String id, String author, String channel, String content) {
        return new NewMessage(id, channel, author, content, Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void aScopeIsAbsentUntilEnsuredAndEnsureKeepsTheFirstStateSize() {
        String scope = scope();
        assertThat(await(store().scope(scope))).isNull();
        Scope created = await(store().ensureScope(scope, 2));
        assertThat(created.stateSize()).isEqualTo(2);
        assertThat(await(store().ensureScope(scope, 3)).stateSize()).isEqualTo(2);
        assertThat(await(store().scope(scope))).isEqualTo(created);
    }

    @Test
    void putScopeChangesTheStateSizeAndDropsTheSnapshotOfTheOldOne() {
        String scope = scope();
        assertThat(await(store().putScope(scope, 2)).stateSize()).isEqualTo(2);
        List<Change> added = await(store().insert(scope, List.of(message("1", "a", "c", "one two three"))));
        assertThat(await(store().saveSnapshot(new Snapshot(scope, 2, added.getLast().seq(), new byte[] {1, 2}))))
                .isTrue();
        await(store().putScope(scope, 2));
        assertThat(await(store().snapshot(scope))).as("same state size keeps the snapshot").isNotNull();
        assertThat(await(store().putScope(scope, 3)).stateSize()).isEqualTo(3);
        assertThat(await(store().snapshot(scope))).as("a new state size drops it").isNull();
    }

    @Test
    void insertAddsNewIdsOnceInSequenceOrderAndSkipsKnownOnes() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        List<Change> first = await(store().insert(scope, List.of(message("1", "a", "c", "first message"),
                message("2", "a", "c", "second message"), message("2", "a", "c", "the same id again"))));
        assertThat(first).hasSize(2).allMatch(Change::add).extracting(Change::content)
                .containsExactly("first message", "second message");
        assertThat(first.get(1).seq()).isGreaterThan(first.get(0).seq());
        assertThat(first).allMatch(c -> c.addedSeq() == c.seq());

        List<Change> retry = await(store().insert(scope, List.of(message("2", "a", "c", "second message"),
                message("3", "b", "d", "third message"))));
        assertThat(retry).hasSize(1).extracting(Change::content).containsExactly("third message");
        assertThat(retry.getFirst().seq()).isGreaterThan(first.get(1).seq());
        assertThat(await(store().messagesAfter(scope, 0, 10))).extracting(StoredMessage::id)
                .containsExactly("1", "2", "3");
    }

    @Test
    void replaceForgetsTheOldTextThenAddsTheNewOne() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        Change added = await(store().insert(scope, List.of(message("m", "a", "c", "before the edit")))).getFirst();
        List<Change> edit = await(store().replace(scope, "m", "after the edit"));
        assertThat(edit).hasSize(2);
        assertThat(edit.get(0).add()).isFalse();
        assertThat(edit.get(0).content()).isEqualTo("before the edit");
        assertThat(edit.get(0).addedSeq()).isEqualTo(added.seq());
        assertThat(edit.get(1).add()).isTrue();
        assertThat(edit.get(1).content()).isEqualTo("after the edit");
        assertThat(edit.get(1).seq()).isGreaterThan(edit.get(0).seq());
        assertThat(await(store().messagesAfter(scope, 0, 10))).extracting(StoredMessage::content)
                .containsExactly("after the edit");
        assertThat(await(store().replace(scope, "no-such-id", "x"))).isEmpty();
    }

    @Test
    void forgetRemovesByMessageAuthorOrChannelAndLogsItAfterTheWatermark() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        List<Change> added = await(store().insert(scope, List.of(message("1", "alice", "general", "one from alice"),
                message("2", "bob", "general", "one from bob"), message("3", "alice", "random", "two from alice"),
                message("4", "carol", "random", "one from carol"))));
        long watermark = added.getLast().seq();

        List<Change> byAuthor = await(store().forget(scope, MarkovStore.Selector.AUTHOR, "alice"));
        assertThat(byAuthor).hasSize(2).noneMatch(Change::add).extracting(Change::content)
                .containsExactly("one from alice", "two from alice");
        assertThat(byAuthor.get(1).seq()).isGreaterThan(byAuthor.get(0).seq());
        assertThat(await(store().forget(scope, MarkovStore.Selector.CHANNEL, "random"))).extracting(Change::content)
                .containsExactly("one from carol");
        assertThat(await(store().forget(scope, MarkovStore.Selector.MESSAGE, "2"))).hasSize(1);
        assertThat(await(store().forget(scope, MarkovStore.Selector.MESSAGE, "2"))).isEmpty();

        assertThat(await(store().messagesAfter(scope, 0, 10))).isEmpty();
        assertThat(await(store().forgetsAfter(scope, watermark))).extracting(Change::addedSeq)
                .containsExactlyInAnyOrderElementsOf(added.stream().map(Change::seq).toList());
    }

    @Test
    void aSnapshotRoundTripsAndAnOlderOneNeverReplacesANewerOne() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        List<Change> added = await(store().insert(scope, List.of(message("1", "a", "c", "snapshot me"))));
        long watermark = added.getFirst().seq();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        assertThat(await(store().saveSnapshot(new Snapshot(scope, 2, watermark, big)))).isTrue();
        Snapshot read = await(store().snapshot(scope));
        assertThat(read.watermark()).isEqualTo(watermark);
        assertThat(read.stateSize()).isEqualTo(2);
        assertThat(read.data()).isEqualTo(big);

        assertThat(await(store().saveSnapshot(new Snapshot(scope, 2, watermark - 1, new byte[] {9})))).isFalse();
        assertThat(await(store().snapshot(scope)).data()).isEqualTo(big);
    }

    @Test
    void messagesPageInSequenceOrderAndIdsNameOnlyWhatStillExists() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            messages.add(message("id-" + i, "a", "c", "message number " + i));
        }
        List<Change> added = await(store().insert(scope, messages));
        List<StoredMessage> page1 = await(store().messagesAfter(scope, 0, 10));
        List<StoredMessage> page2 = await(store().messagesAfter(scope, page1.getLast().seq(), 10));
        List<StoredMessage> page3 = await(store().messagesAfter(scope, page2.getLast().seq(), 10));
        assertThat(page1).hasSize(10);
        assertThat(page2).hasSize(10);
        assertThat(page3).hasSize(5);
        assertThat(page3.getLast().id()).isEqualTo("id-24");

        await(store().forget(scope, MarkovStore.Selector.MESSAGE, "id-3"));
        Map<Long, String> ids = await(store().ids(scope, List.of(added.get(3).seq(), added.get(4).seq())));
        assertThat(ids).containsExactly(Map.entry(added.get(4).seq(), "id-4"));
    }

    @Test
    void deletingAScopeRemovesEverythingOnce() {
        String scope = scope();
        await(store().ensureScope(scope, 2));
        await(store().insert(scope, List.of(message("1", "a", "c", "soon gone"))));
        assertThat(await(store().deleteScope(scope))).isTrue();
        assertThat(await(store().deleteScope(scope))).isFalse();
        assertThat(await(store().scope(scope))).isNull();
        assertThat(await(store().messagesAfter(scope, 0, 10))).isEmpty();
        assertThat(await(store().snapshot(scope))).isNull();
    }
}
