-- Walking-skeleton feature tables; column names and types follow dev.recsys.transform.FeatureTables.
-- Issue 3 replaces these with migrations matching the code generated from feature schema files.
CREATE TABLE user_features (
  user_id     VARCHAR(128) PRIMARY KEY,
  gender      VARCHAR(16),
  age         INTEGER,
  occupation  INTEGER,
  clicks      BIGINT,
  impressions BIGINT
);

CREATE TABLE item_features (
  item_id     VARCHAR(128) PRIMARY KEY,
  category    VARCHAR(64),
  "year"      INTEGER,
  clicks      BIGINT,
  impressions BIGINT
);

-- A user's recent positive interactions, newest first by ts.
CREATE TABLE user_recent_items (
  user_id VARCHAR(128) NOT NULL,
  item_id VARCHAR(128) NOT NULL,
  ts      BIGINT NOT NULL,
  PRIMARY KEY (user_id, item_id)
);
CREATE INDEX user_recent_items_by_time ON user_recent_items (user_id, ts DESC);
