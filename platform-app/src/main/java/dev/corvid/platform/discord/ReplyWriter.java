package dev.corvid.platform.discord;

import dev.corvid.embedding.embed.EmbedOptions;
import dev.corvid.embedding.embed.EmbeddingService;
import dev.corvid.embedding.model.OnnxEmbedder;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.scope.Generation;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.platform.api.flags.FeatureFlags;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a reply with the Markov module: seeded by the trigger's words when there are any (a reply that contains one
 * of them, else any reply). With flag {@code discord-on-topic} on for the guild it generates
 * {@code corvid.discord.on-topic.candidates} replies and sends the one whose BGE embedding is closest to the trigger
 * message (both modules through their public services); past {@code on-topic.budget} the first candidate goes.
 */
@ApplicationScoped
class ReplyWriter {

    private static final Pattern MENTIONS = Pattern.compile("<@[!&]?[0-9]+>");

    private final MarkovService markov;
    private final EmbeddingService embeddings;
    private final Provider<FeatureFlags> flags;
    private final DiscordConfig config;

    ReplyWriter(MarkovService markov, EmbeddingService embeddings, Provider<FeatureFlags> flags,
            DiscordConfig config) {
        this.markov = markov;
        this.embeddings = embeddings;
        this.flags = flags;
        this.config = config;
    }

    /** The text of a message without user, role and channel mentions: the seed of a mention reply. */
    static String withoutMentions(String content) {
        return MENTIONS.matcher(content).replaceAll(" ").strip();
    }

    /**
     * One reply for {@code trigger} (the message that asked; may be null), or a generation with null text when the
     * chain has nothing to say; null when the scope does not exist.
     */
    Uni<Generation> write(String guildId, String scope, String seed, String trigger, boolean debug) {
        boolean onTopic = trigger != null && !trigger.isBlank()
                && flags.get().isEnabled(DiscordModule.ON_TOPIC.name(), guildId);
        if (!onTopic) {
            return once(scope, seed, debug);
        }
        int k = Math.max(1, config.onTopic().candidates());
        List<Uni<Generation>> candidates = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            candidates.add(once(scope, seed, debug));
        }
        return Uni.join().all(candidates).andFailFast().chain(all -> closest(trigger, all));
    }

    private Uni<Generation> once(String scope, String seed, boolean debug) {
        GenerateOptions options = GenerateOptions.defaults().withDebug(debug);
        if (seed == null || seed.isBlank()) {
            return markov.generate(scope, options);
        }
        String words = seed.length() > 2000 ? seed.substring(0, 2000) : seed;
        return markov.generate(scope, options.withSeed(words, GenerateOptions.SeedMode.CONTAIN))
                .chain(g -> g != null && g.text() == null ? markov.generate(scope, options) : Uni.createFrom().item(g));
    }

    /** The candidate closest to the trigger by cosine of normalised BGE vectors; the first past the budget. */
    private Uni<Generation> closest(String trigger, List<Generation> all) {
        List<Generation> texts = all.stream().filter(g -> g != null && g.text() != null).distinct().toList();
        if (texts.size() < 2) {
            return Uni.createFrom().item(texts.isEmpty() ? (all.isEmpty() ? null : all.get(0)) : texts.get(0));
        }
        List<String> inputs = new ArrayList<>(texts.size() + 1);
        inputs.add(trigger);
        texts.forEach(g -> inputs.add(g.text()));
        return embeddings.embed(inputs, EmbedOptions.defaults()).map(embedded -> {
            float[] target = embedded.vectors().get(0);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < texts.size(); i++) {
                double score = OnnxEmbedder.cosine(target, embedded.vectors().get(i + 1));
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            return texts.get(best);
        }).ifNoItem().after(config.onTopic().budget()).recoverWithItem(texts.get(0))
                .onFailure().recoverWithItem(texts.get(0));
    }
}
