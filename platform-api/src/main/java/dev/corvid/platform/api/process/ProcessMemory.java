package dev.corvid.platform.api.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's own memory as the operating system sees it. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size from {@code /proc/self/statm} (Linux); 0 where there is none. */
    public static long residentBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(fields[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
