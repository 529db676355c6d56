package dev.recsys.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.arrow.ColumnType;
import dev.recsys.feature.generated.FeatureCatalog;
import dev.recsys.feature.generated.FeatureCatalog.ColumnDef;
import dev.recsys.feature.generated.FeatureCatalog.EntityDef;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema files feature-service generates its code from must serve exactly the columns and
 * types the ranker's encoder (feature-transform) and the offline feature files use.
 */
class CatalogContractTest {

  private static final Map<String, ColumnType> SCHEMA_TYPES = Map.of(
      "string", ColumnType.STRING, "int", ColumnType.INT32, "long", ColumnType.INT64,
      "float", ColumnType.FLOAT32, "double", ColumnType.FLOAT64, "bool", ColumnType.BOOL);

  @Test
  void generatedEntitiesMatchTheRankerContract() {
    for (TableSchema contract : FeatureTables.ALL) {
      EntityDef generated = FeatureCatalog.entity(contract.entity()).orElseThrow(
          () -> new AssertionError("no schema file for entity " + contract.entity()));
      assertThat(generated.key()).containsExactly(contract.key());
      assertThat(generated.columns()).extracting(ColumnDef::name).containsExactlyElementsOf(contract.columnNames());
      for (ColumnDef column : generated.columns()) {
        assertThat(SCHEMA_TYPES.get(column.type())).as(contract.entity() + "." + column.name())
            .isEqualTo(contract.column(column.name()).orElseThrow().type());
      }
    }
  }

  @Test
  void everySchemaFileIsInTheCatalog() {
    assertThat(FeatureCatalog.entities()).extracting(EntityDef::name)
        .containsExactlyInAnyOrder("user", "item", "user_recent_item", "item_stat");
  }
}
