-- Matches src/main/features/item_stat.yaml; list, map and vector columns hold the generated
-- converters' text forms (JSON for list/map, base64 little-endian float32 for vectors).
CREATE TABLE item_stats (
  item_id           VARCHAR(128) PRIMARY KEY,
  clicks_7d         BIGINT DEFAULT 0,
  impressions_7d    BIGINT DEFAULT 0,
  ctr_7d            DOUBLE PRECISION,
  last_click_at     TIMESTAMP WITH TIME ZONE,
  tags              VARCHAR(4000),
  clicks_by_segment VARCHAR(4000),
  embedding         VARCHAR(1024)
);
