package dev.flashsale.engine.grid.internal;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A Compact serializer spelled as a pair of functions, so each engine type's wire form is one readable declaration in
 * {@link EngineSerializers}. The type name is stable and independent of the Java class name, so classes can move
 * without breaking a rolling upgrade. Stateless and thread-safe.
 */
final class RecordSerializer<T> implements CompactSerializer<T> {

    private final Class<T> type;
    private final String typeName;
    private final BiConsumer<CompactWriter, T> writer;
    private final Function<CompactReader, T> reader;

    RecordSerializer(
            Class<T> type, String typeName, BiConsumer<CompactWriter, T> writer, Function<CompactReader, T> reader) {
        this.type = Objects.requireNonNull(type, "type");
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public T read(CompactReader in) {
        return reader.apply(in);
    }

    @Override
    public void write(CompactWriter out, T object) {
        writer.accept(out, object);
    }

    @Override
    public String getTypeName() {
        return typeName;
    }

    @Override
    public Class<T> getCompactClass() {
        return type;
    }
}
