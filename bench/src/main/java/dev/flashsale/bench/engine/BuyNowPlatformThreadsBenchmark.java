package dev.flashsale.bench.engine;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link BuyNowBenchmark} with 64 platform-thread callers: every sale then costs two kernel-level thread hand-offs
 * (caller to partition thread and back), which is what a virtual-thread caller avoids.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xms2g",
            "-Xmx2g",
            "-XX:+UseG1GC",
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dhazelcast.logging.type=slf4j"
        })
public class BuyNowPlatformThreadsBenchmark extends BuyNowBenchmark {}
