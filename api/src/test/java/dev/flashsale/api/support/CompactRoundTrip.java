package dev.flashsale.api.support;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.compact.Schema;
import com.hazelcast.internal.serialization.impl.compact.SchemaService;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serializes values with the given compact serializers only, as a member would, and reads them back. */
public final class CompactRoundTrip {

    private final InternalSerializationService service;

    private CompactRoundTrip(List<CompactSerializer<?>> serializers) {
        SerializationConfig config = new SerializationConfig();
        serializers.forEach(config.getCompactSerializationConfig()::addSerializer);
        this.service = (InternalSerializationService) new DefaultSerializationServiceBuilder()
                .setConfig(config)
                .setSchemaService(new LocalSchemas())
                .build();
    }

    public static CompactRoundTrip of(List<CompactSerializer<?>> serializers) {
        return new CompactRoundTrip(serializers);
    }

    /** The value written and read back. */
    public <T> T copy(T value) {
        return service.toObject(service.toData(value));
    }

    private static final class LocalSchemas implements SchemaService {

        private final Map<Long, Schema> schemas = new ConcurrentHashMap<>();

        @Override
        public Schema get(long schemaId) {
            return schemas.get(schemaId);
        }

        @Override
        public void put(Schema schema) {
            schemas.put(schema.getSchemaId(), schema);
        }

        @Override
        public void putLocal(Schema schema) {
            put(schema);
        }
    }
}
