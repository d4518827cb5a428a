package dev.corvid.platform.api.hash;

import java.nio.charset.StandardCharsets;

/**
 * Stable buckets for rollouts and A/B assignment: FNV-1a over the UTF-8 bytes of {@code scope + '\0' + key},
 * finished with MurmurHash3's 64-bit mixer so neighbouring snowflake ids spread evenly. Pure and
 * platform-independent, so every instance and every restart puts a key in the same bucket.
 */
public final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StableHash() {
    }

    /** The bucket (0–99) of {@code key} within {@code scope} (a flag name, an A/B test name). */
    public static int bucket(String scope, String key) {
        return (int) Long.remainderUnsigned(hash(scope, key), 100);
    }

    /** A uniform value in [0, 1) for {@code key} within {@code scope}. */
    public static double unit(String scope, String key) {
        return (hash(scope, key) >>> 11) * 0x1.0p-53;
    }

    private static long hash(String scope, String key) {
        long h = FNV_OFFSET;
        h = mixIn(h, scope.getBytes(StandardCharsets.UTF_8));
        h *= FNV_PRIME; // the NUL separator byte: h ^ 0 == h
        h = mixIn(h, key.getBytes(StandardCharsets.UTF_8));
        return fmix64(h);
    }

    private static long mixIn(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
