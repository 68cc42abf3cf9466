package dev.flashsale.persistence.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes rows with multi-row {@code INSERT ... VALUES (...), (...)} statements, a chunk of rows per statement: one
 * round trip per chunk, whatever the driver's batching settings. Stateless.
 */
public final class MultiRowInsert {

    /** Rows per statement: well below the 65,535 placeholders a statement may have, for up to 100 columns. */
    public static final int ROWS_PER_STATEMENT = 500;

    private MultiRowInsert() {}

    /** Binds the values of one row, in the order of the statement's columns. */
    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(T row, Values values);
    }

    /**
     * Inserts {@code rows}, {@value #ROWS_PER_STATEMENT} per statement.
     *
     * @param head the statement up to {@code VALUES}, e.g. {@code INSERT INTO t (a, b)}
     * @param columns placeholders per row
     * @param tail what follows the values, e.g. an {@code ON DUPLICATE KEY UPDATE} clause, or empty
     */
    public static <T> void execute(
            Handle handle, String head, int columns, String tail, List<T> rows, RowBinder<T> binder) {
        String tuple = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(head.length() + tail.length() + chunk.size() * (tuple.length() + 2));
            sql.append(head).append(" VALUES ");
            for (int index = 0; index < chunk.size(); index++) {
                sql.append(index == 0 ? "" : ", ").append(tuple);
            }
            sql.append(' ').append(tail);
            Update update = handle.createUpdate(sql.toString());
            Values values = new Values(update);
            for (T row : chunk) {
                int before = values.position;
                binder.bind(row, values);
                if (values.position - before != columns) {
                    throw new IllegalStateException(
                            "bound " + (values.position - before) + " values for " + columns + " columns");
                }
            }
            update.execute();
        }
    }

    /** Positional values of a statement being built. Not thread-safe; used by one binder at a time. */
    public static final class Values {
        private final Update update;
        private int position;

        private Values(Update update) {
            this.update = update;
        }

        public Values add(long value) {
            update.bind(position++, value);
            return this;
        }

        public Values add(int value) {
            update.bind(position++, value);
            return this;
        }

        public Values add(String value) {
            update.bind(position++, value);
            return this;
        }

        public Values add(BigDecimal value) {
            update.bind(position++, value);
            return this;
        }

        public Values add(Instant value) {
            update.bind(position++, Timestamps.toColumn(value));
            return this;
        }

        public Values add(Optional<String> value) {
            update.bind(position++, value.orElse(null));
            return this;
        }

        public Values add(OptionalLong value) {
            update.bindByType(position++, value.isPresent() ? value.getAsLong() : null, Long.class);
            return this;
        }
    }
}
