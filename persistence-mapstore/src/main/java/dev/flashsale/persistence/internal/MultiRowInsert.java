package dev.flashsale.persistence.internal;

import dev.flashsale.persistence.PersistenceException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * Writes rows with multi-row {@code INSERT ... VALUES (...), (...)} statements, a chunk of rows per statement: one
 * round trip per chunk, whatever the driver's batching settings. Stateless.
 *
 * <p>The statements go to the handle's JDBC connection (in its transaction) without JDBI's statement parsing: every
 * chunk size makes another SQL text, so JDBI's cache of parsed statements missed nearly every time, and lexing the
 * long texts of the write-behind's batches took about half the CPU of its store threads.
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
            try (PreparedStatement statement = handle.getConnection().prepareStatement(sql.toString())) {
                Values values = new Values(statement);
                for (T row : chunk) {
                    int before = values.position;
                    binder.bind(row, values);
                    if (values.position - before != columns) {
                        throw new IllegalStateException(
                                "bound " + (values.position - before) + " values for " + columns + " columns");
                    }
                }
                statement.executeUpdate();
            } catch (SQLException failure) {
                throw new PersistenceException(
                        "could not insert " + chunk.size() + " rows (" + head + "): " + failure.getMessage(), failure);
            }
        }
    }

    /**
     * Positional values of a statement being built. Not thread-safe; used by one binder at a time. A value the driver
     * refuses fails the insert with a {@link PersistenceException}.
     */
    public static final class Values {
        private final PreparedStatement statement;
        private int position;

        private Values(PreparedStatement statement) {
            this.statement = statement;
        }

        public Values add(long value) {
            return set(index -> statement.setLong(index, value));
        }

        public Values add(int value) {
            return set(index -> statement.setInt(index, value));
        }

        public Values add(String value) {
            return set(index -> statement.setString(index, value));
        }

        public Values add(BigDecimal value) {
            return set(index -> statement.setBigDecimal(index, value));
        }

        public Values add(Instant value) {
            return add(Timestamps.toColumn(value));
        }

        public Values add(Optional<String> value) {
            return add(value.orElse(null));
        }

        public Values add(OptionalLong value) {
            return value.isPresent() ? add(value.getAsLong()) : set(index -> statement.setNull(index, Types.BIGINT));
        }

        private Values set(Setter setter) {
            try {
                setter.set(++position);
            } catch (SQLException failure) {
                throw new PersistenceException(
                        "could not bind value " + position + ": " + failure.getMessage(), failure);
            }
            return this;
        }

        @FunctionalInterface
        private interface Setter {
            void set(int index) throws SQLException;
        }
    }
}
