package dev.recsys.transform;

import dev.recsys.api.arrow.ColumnType;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.util.List;

/**
 * The feature entities of the walking skeleton. Issue 3 replaces these hand-written schemas
 * with ones generated from feature schema files; their names and types stay the contract.
 */
public final class FeatureTables {

  public static final TableSchema USER = new TableSchema("user", List.of(
      new ColumnSpec("user_id", ColumnType.STRING, "user key"),
      new ColumnSpec("gender", ColumnType.STRING, "M or F; empty when unknown"),
      new ColumnSpec("age", ColumnType.INT32, "age in years (MovieLens: bracket lower bound)"),
      new ColumnSpec("occupation", ColumnType.INT32, "occupation code"),
      new ColumnSpec("clicks", ColumnType.INT64, "positive interactions in the training window"),
      new ColumnSpec("impressions", ColumnType.INT64, "all interactions in the training window")));

  public static final TableSchema ITEM = new TableSchema("item", List.of(
      new ColumnSpec("item_id", ColumnType.STRING, "item key"),
      new ColumnSpec("category", ColumnType.STRING, "primary category (genre)"),
      new ColumnSpec("year", ColumnType.INT32, "release year"),
      new ColumnSpec("clicks", ColumnType.INT64, "positive interactions in the training window"),
      new ColumnSpec("impressions", ColumnType.INT64, "all interactions in the training window")));

  public static final List<TableSchema> ALL = List.of(USER, ITEM);

  private FeatureTables() {}

  /** The schema of {@code entity}, or an error that names the known entities. */
  public static TableSchema byEntity(String entity) {
    for (TableSchema schema : ALL) {
      if (schema.entity().equals(entity)) {
        return schema;
      }
    }
    throw new IllegalArgumentException("unknown entity '" + entity + "'; known entities: "
        + ALL.stream().map(TableSchema::entity).toList());
  }
}
