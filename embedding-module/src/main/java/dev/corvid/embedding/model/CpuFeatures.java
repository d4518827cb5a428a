package dev.corvid.embedding.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processor's instruction-set flags as Linux reports them ({@code flags} in {@code /proc/cpuinfo}), and whether
 * they include integer matrix units that make the int8 model worth it: AMX ({@code amx_int8}), AVX-512 VNNI or
 * AVX-VNNI. On this project's Xeon the int8 model embeds 3.05× as fast as fp32 with AMX and 2.2× with VNNI alone
 * (docs/benchmarks/embedding-cpu.md); without them ONNX Runtime's int8 kernels widen to 16 bits and the gain is small.
 */
public record CpuFeatures(Set<String> flags) {

    /** Flags that give ONNX Runtime's U8S8 kernels 8-bit dot products, best first. */
    static final List<String> INT8_UNITS = List.of("amx_int8", "avx512_vnni", "avx_vnni");

    /** The flags of the first processor in {@code /proc/cpuinfo}; none where there is no such file (not Linux). */
    public static CpuFeatures read() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo) ? parse(Files.readString(cpuinfo)) : new CpuFeatures(Set.of());
        } catch (IOException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The flags of the first {@code flags : …} line of a cpuinfo text. */
    public static CpuFeatures parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("flags")) {
                return new CpuFeatures(Arrays.stream(line.substring(colon + 1).strip().split("\\s+"))
                        .filter(flag -> !flag.isEmpty()).collect(Collectors.toUnmodifiableSet()));
            }
        }
        return new CpuFeatures(Set.of());
    }

    /** The best integer matrix unit this processor has ({@code amx_int8}, {@code avx512_vnni}, {@code avx_vnni}). */
    public Optional<String> int8Unit() {
        return INT8_UNITS.stream().filter(flags::contains).findFirst();
    }
}
