-- The inventory schema. Valid on MariaDB 10.11 and MySQL 8.0.16+ (both enforce CHECK constraints).
-- Timestamps are DATETIME(6) holding UTC, written by the application; no column depends on the session time zone.

CREATE TABLE products (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    sku            VARCHAR(64)   NOT NULL,
    name           VARCHAR(255)  NOT NULL,
    description    TEXT          NULL,
    price          DECIMAL(12,2) NOT NULL,
    per_user_limit INT           NULL,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY products_sku_unique (sku),
    KEY products_by_name (name),
    CONSTRAINT products_price_positive CHECK (price > 0),
    CONSTRAINT products_per_user_limit_positive CHECK (per_user_limit IS NULL OR per_user_limit >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What the database knows of each product's stock: received in total, and sold (the sum of its CONFIRMED orders).
-- The constraints make the database itself refuse an oversell, whoever writes.
CREATE TABLE stock_totals (
    product_id BIGINT      NOT NULL,
    received   BIGINT      NOT NULL,
    sold       BIGINT      NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (product_id),
    CONSTRAINT stock_totals_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT stock_totals_received_not_negative CHECK (received >= 0),
    CONSTRAINT stock_totals_sold_not_negative CHECK (sold >= 0),
    CONSTRAINT stock_totals_no_oversell CHECK (sold <= received)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Orders keep the id the application gave them. Status only moves forward: PENDING, then CONFIRMED or CANCELLED.
-- User ids and idempotency keys compare byte for byte (utf8mb4_bin): 'Alice' and 'alice' are two buyers.
CREATE TABLE orders (
    id              BIGINT       NOT NULL,
    user_id         VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    product_id      BIGINT       NOT NULL,
    quantity        INT          NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    idempotency_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    cancel_reason   VARCHAR(255) NULL,
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY orders_user_idempotency_key (user_id, idempotency_key),
    KEY orders_by_product_status (product_id, status),
    CONSTRAINT orders_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT orders_quantity_positive CHECK (quantity >= 1),
    CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Append-only audit trail of stock operations; an operation id is recorded once. order_id has no foreign key:
-- the grid may persist an operation before the order it belongs to.
CREATE TABLE inventory_log (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    op_id      VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    product_id BIGINT      NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    quantity   INT         NOT NULL,
    order_id   BIGINT      NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY inventory_log_op_id_unique (op_id),
    KEY inventory_log_by_product (product_id, id),
    KEY inventory_log_by_order (order_id),
    CONSTRAINT inventory_log_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT inventory_log_quantity_positive CHECK (quantity >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
