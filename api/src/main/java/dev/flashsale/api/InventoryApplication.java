package dev.flashsale.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts an app node. Run it with the JVM flags Hazelcast needs (the parent POM's {@code hazelcast.jvm.flags});
 * {@code scripts/up} does.
 */
@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }
}
