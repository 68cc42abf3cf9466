package dev.flashsale.persistence.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the schema stores them: DATETIME(6) columns holding UTC, so nothing depends on the time zone of the
 * JVM or of the database session. Stateless.
 *
 * <p>Values are bound as text ({@code 2025-11-21 10:00:00.123456}): MySQL Connector/J reads MariaDB 10.x's version
 * as 5.5.5 (the {@code 5.5.5-10.11...} handshake) and drops the fraction of a bound {@code LocalDateTime}, while both
 * MariaDB and MySQL 8 convert such text to DATETIME(6) exactly.
 */
public final class Timestamps {

    private static final DateTimeFormatter COLUMN_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private Timestamps() {}

    /** The instant at the precision a DATETIME(6) column keeps. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The value to bind to a DATETIME(6) column. */
    public static String toColumn(Instant instant) {
        return COLUMN_FORMAT.format(LocalDateTime.ofInstant(stored(instant), ZoneOffset.UTC));
    }

    public static Instant fromColumn(ResultSet row, String column) throws SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value.toInstant(ZoneOffset.UTC);
    }
}
