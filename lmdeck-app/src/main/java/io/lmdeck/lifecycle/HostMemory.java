package io.lmdeck.lifecycle;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.OptionalLong;

/** The memory of the machine LM Studio runs on, when lmdeck can know it (same host). */
public interface HostMemory {
    OptionalLong totalBytes();

    OptionalLong availableBytes();

    static HostMemory unknown() {
        return new HostMemory() {
            @Override
            public OptionalLong totalBytes() {
                return OptionalLong.empty();
            }

            @Override
            public OptionalLong availableBytes() {
                return OptionalLong.empty();
            }
        };
    }

    /**
     * Memory of a known size whose free part lmdeck cannot read (the bundled simulator's budget): what is free is
     * that size minus what the loaded instances take.
     */
    static HostMemory ofCapacity(long totalBytes) {
        return new HostMemory() {
            @Override
            public OptionalLong totalBytes() {
                return OptionalLong.of(totalBytes);
            }

            @Override
            public OptionalLong availableBytes() {
                return OptionalLong.empty();
            }
        };
    }

    /** This JVM's host, read from {@code com.sun.management.OperatingSystemMXBean}. */
    static HostMemory operatingSystem() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return unknown();
        }
        return new HostMemory() {
            @Override
            public OptionalLong totalBytes() {
                return OptionalLong.of(os.getTotalMemorySize());
            }

            @Override
            public OptionalLong availableBytes() {
                // Linux's "free" excludes reclaimable page cache; MemAvailable is what a new load can really get.
                OptionalLong fromKernel = linuxMemAvailable();
                return fromKernel.isPresent() ? fromKernel : OptionalLong.of(os.getFreeMemorySize());
            }
        };
    }

    private static OptionalLong linuxMemAvailable() {
        java.nio.file.Path meminfo = java.nio.file.Path.of("/proc/meminfo");
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(meminfo)) {
            return lines.filter(line -> line.startsWith("MemAvailable:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L)
                    .findFirst();
        } catch (java.io.IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The OS figures when LM Studio's URL is a loopback address (same host), otherwise unknown. */
    static HostMemory forLmStudioAt(URI baseUrl) {
        String host = baseUrl.getHost();
        if (host == null) {
            return unknown();
        }
        if (host.equalsIgnoreCase("localhost")) {
            return operatingSystem();
        }
        try {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            boolean isLiteral = literal.matches("[0-9.]+") || literal.contains(":");
            return isLiteral && InetAddress.getByName(literal).isLoopbackAddress() ? operatingSystem() : unknown();
        } catch (UnknownHostException e) {
            return unknown();
        }
    }
}
