package dev.corvid.platform.features;

import java.nio.charset.StandardCharsets;

/**
 * The stable bucket (0–99) of a key for a flag: FNV-1a over the UTF-8 bytes of {@code flag + '\0' + key}, finished
 * with MurmurHash3's 64-bit mixer so neighbouring snowflake ids spread evenly. Pure and platform-independent, so
 * every instance and every restart puts a key in the same bucket.
 */
final class Rollout {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Rollout() {
    }

    static int bucket(String flag, String key) {
        long h = FNV_OFFSET;
        h = mixIn(h, flag.getBytes(StandardCharsets.UTF_8));
        h *= FNV_PRIME; // the NUL separator byte: h ^ 0 == h
        h = mixIn(h, key.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(fmix64(h), 100);
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
