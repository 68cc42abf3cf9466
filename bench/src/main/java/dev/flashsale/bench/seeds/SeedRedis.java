package dev.flashsale.bench.seeds;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * One Lettuce connection to the Redis server that {@code bench/seeds} starts ({@code seeds.redis.port}, default
 * 6390), shared by every caller as Spring Data Redis shares its native Lettuce connection by default: concurrent
 * commands are pipelined on it. Thread-safe; {@link #close()} closes the connection and the client.
 */
final class SeedRedis implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    SeedRedis() {
        client = RedisClient.create(RedisURI.create("127.0.0.1", Integer.getInteger("seeds.redis.port", 6390)));
        connection = client.connect();
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
}
