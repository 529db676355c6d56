-- Matches src/main/features/bench_item.yaml (types from codegen-plugin's SQL suggestions);
-- Hibernate validates the generated entity against it at start-up (ddl-auto=validate).
CREATE TABLE bench_items (
  item_id         VARCHAR(64) PRIMARY KEY,
  category        VARCHAR(64) NOT NULL,
  brand           VARCHAR(64),
  seller_id       VARCHAR(64),
  price           DOUBLE PRECISION,
  "year"          INTEGER,
  rating          REAL,
  rating_count    INTEGER DEFAULT 0,
  ctr_1d          REAL,
  ctr_7d          REAL,
  ctr_30d         REAL,
  clicks_1d       BIGINT DEFAULT 0,
  clicks_7d       BIGINT DEFAULT 0,
  clicks_30d      BIGINT DEFAULT 0,
  impressions_1d  BIGINT DEFAULT 0,
  impressions_7d  BIGINT DEFAULT 0,
  impressions_30d BIGINT DEFAULT 0,
  popularity      DOUBLE PRECISION,
  is_new          BOOLEAN,
  in_stock        BOOLEAN NOT NULL
);
