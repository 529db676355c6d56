package dev.recsys.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.FieldType;
import dev.recsys.codegen.schema.Problem;
import dev.recsys.codegen.schema.ScalarKind;
import dev.recsys.codegen.schema.SchemaException;
import dev.recsys.codegen.schema.SchemaParser;
import dev.recsys.codegen.schema.SchemaParser.Source;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SchemaParserTest {
  private static final String HEAD = "version: 1\nentity: item\ntable: item_features\nkey: [item_id]\ncolumns:\n"
      + "  - name: item_id\n    type: string\n";

  private static List<String> problems(String... files) {
    List<Source> sources = new java.util.ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      String name = "f" + i + ".yaml";
      sources.add(new Source(name, "dir/" + name, files[i]));
    }
    SchemaException e = catchThrowableOfType(SchemaException.class, () -> new SchemaParser().parse(sources));
    assertThat(e).as("expected schema problems").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  /** HEAD plus one extra column, whose "type" line is line 9 and starts at column 11. */
  private static List<String> column(String type) {
    return problems(HEAD + "  - name: x\n    type: " + type + "\n");
  }

  @Test
  void parsesAFullSchema() throws Exception {
    List<FeatureSchema> schemas = new SchemaParser().parse(List.of(new Source("a.yaml", "a.yaml",
        HEAD + "  - name: v\n    type: vector<float, 4>\n  - name: m\n    type: map<string,long>\n"
            + "  - name: p\n    type: decimal\n    precision: 9\n    scale: 3\n    default: 1.5\n"
            + "cache_ttl: 30s\ndescription: d\n")));
    FeatureSchema s = schemas.get(0);
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.column("v").orElseThrow().type()).isEqualTo(new FieldType.VectorOf(4));
    assertThat(s.column("m").orElseThrow().type()).isEqualTo(new FieldType.MapOf(ScalarKind.LONG));
    assertThat(s.column("p").orElseThrow().precision()).isEqualTo(9);
    assertThat(s.column("item_id").orElseThrow().nullable()).isFalse(); // key columns are NOT NULL
    assertThat(s.source()).isEqualTo("a.yaml");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "strng | dir/f0.yaml:9:11: unknown type 'strng'; valid types: bool, int, long, float, double, string, timestamp, decimal, list<T>, map<string,T>, vector<float,N>",
      "vector<float> | dir/f0.yaml:9:11: vector type 'vector<float>' needs a dimension: vector<float,N> with N in 1..65536",
      "vector<float,0> | dir/f0.yaml:9:11: invalid vector dimension '0' in 'vector<float,0>'; N must be an integer in 1..65536",
      "vector<float,65537> | dir/f0.yaml:9:11: invalid vector dimension '65537' in 'vector<float,65537>'; N must be an integer in 1..65536",
      "vector<double,4> | dir/f0.yaml:9:11: vector element type must be float, not 'double' in 'vector<double,4>'",
      "map<int,long> | dir/f0.yaml:9:11: map key type must be string, not 'int' in 'map<int,long>'",
      "map<string,list<int>> | dir/f0.yaml:9:11: invalid map value type 'list<int>' in 'map<string,list<int>>'; valid value types: bool, int, long, float, double, string, timestamp, decimal",
      "list<blob> | dir/f0.yaml:9:11: invalid list element type 'blob' in 'list<blob>'; valid element types: bool, int, long, float, double, string, timestamp, decimal",
  })
  void badTypes(String type, String expected) {
    assertThat(column(type)).containsExactly(expected);
  }

  @Test
  void yamlSyntaxErrorHasItsPosition() {
    assertThat(problems("version: 1\nentity: [item\n")).singleElement().asString()
        .startsWith("dir/f0.yaml:3:1: YAML syntax error: ");
  }

  @Test
  void unknownKeysAreNamedWithTheValidOnes() {
    assertThat(problems(HEAD + "colour: red\n  ")).containsExactly(
        "dir/f0.yaml:8:1: unknown key 'colour'; valid keys: version, entity, table, description, cache_ttl, key, columns");
    assertThat(problems(HEAD + "    nulable: true\n")).containsExactly(
        "dir/f0.yaml:8:5: unknown column key 'nulable'; valid keys: name, type, nullable, default, description, precision, scale");
  }

  @Test
  void missingRequiredKeys() {
    assertThat(problems("description: nothing\n")).containsExactly(
        "dir/f0.yaml:1:1: missing required key 'version'",
        "dir/f0.yaml:1:1: missing required key 'entity'",
        "dir/f0.yaml:1:1: missing required key 'table'",
        "dir/f0.yaml:1:1: missing required key 'key'",
        "dir/f0.yaml:1:1: missing required key 'columns'");
    assertThat(problems(HEAD + "  - name: x\n")).containsExactly(
        "dir/f0.yaml:8:5: column is missing required key 'type'");
  }

  @Test
  void versionMustBeOne() {
    assertThat(problems(HEAD.replace("version: 1", "version: 2"))).containsExactly(
        "dir/f0.yaml:1:10: unsupported version '2'; only 1 is valid");
  }

  @Test
  void duplicateColumn() {
    assertThat(problems(HEAD + "  - name: item_id\n    type: int\n")).containsExactly(
        "dir/f0.yaml:8:11: duplicate column 'item_id'; first defined at line 6");
  }

  @Test
  void keyMustNameAColumnOfAKeyType() {
    assertThat(problems(HEAD.replace("[item_id]", "[item_id, shop]"))).containsExactly(
        "dir/f0.yaml:4:16: key column 'shop' is not a declared column; columns: item_id");
    assertThat(problems(HEAD.replace("[item_id]", "[item_id, x]") + "  - name: x\n    type: double\n"))
        .containsExactly("dir/f0.yaml:4:16: key column 'x' has type double; key columns must be bool, int, long, string, timestamp or decimal");
    assertThat(problems(HEAD + "    nullable: true\n")).containsExactly(
        "dir/f0.yaml:8:15: key column 'item_id' must not be nullable");
  }

  @Test
  void identifiersAndReservedWords() throws Exception {
    assertThat(problems(HEAD.replace("entity: item", "entity: Item"))).containsExactly(
        "dir/f0.yaml:2:9: invalid entity name 'Item'; must match [a-z][a-z0-9_]{0,62}");
    assertThat(problems(HEAD.replace("table: item_features", "table: order"))).containsExactly(
        "dir/f0.yaml:3:8: table name 'order' is a reserved SQL/Java word; choose another name");
    assertThat(problems(HEAD + "  - name: class\n    type: int\n")).containsExactly(
        "dir/f0.yaml:8:11: column name 'class' is a reserved SQL/Java word; choose another name");
    // Entity names never stand alone in SQL or Java (class UserFeatures, table from 'table').
    assertThat(new SchemaParser().parse(List.of(new Source("u.yaml", "dir/u.yaml", HEAD.replace("entity: item", "entity: user")))))
        .singleElement().extracting(FeatureSchema::entity).isEqualTo("user");
    assertThat(problems(HEAD + "  - name: 9lives\n    type: int\n")).containsExactly(
        "dir/f0.yaml:8:11: invalid column name '9lives'; must match [a-z][a-z0-9_]{0,62}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "int | abc | dir/f0.yaml:10:14: default 'abc' for column 'x' is not a valid int",
      "bool | yes | dir/f0.yaml:10:14: default 'yes' for column 'x' is not a valid bool (true or false)",
      "timestamp | now | dir/f0.yaml:10:14: default 'now' for column 'x' is not a valid timestamp (ISO-8601 instant such as 2024-01-01T00:00:00Z)",
      "list<int> | 1 | dir/f0.yaml:10:14: default '1' for column 'x' is not allowed: defaults are only supported for scalar columns, not list<int>",
      "long | 1.5 | dir/f0.yaml:10:14: default '1.5' for column 'x' is not a valid long",
  })
  void defaultsMustParseAsTheType(String type, String value, String expected) {
    assertThat(problems(HEAD + "  - name: x\n    type: " + type + "\n    default: " + value + "\n"))
        .containsExactly(expected);
  }

  @Test
  void cacheTtlForms() {
    assertThat(problems(HEAD + "cache_ttl: 5 minutes\n")).containsExactly(
        "dir/f0.yaml:8:12: invalid cache_ttl '5 minutes'; use a positive ISO-8601 duration (PT5M) or a number with s, m, h or d (30s, 5m, 1h, 1d)");
  }

  @Test
  void duplicateEntityAndTableAcrossFiles() {
    String other = HEAD.replace("table: item_features", "table: other");
    String sameTable = HEAD.replace("entity: item", "entity: shop");
    assertThat(problems(HEAD, other, sameTable)).containsExactly(
        "dir/f1.yaml:2:9: duplicate entity 'item'; also defined at dir/f0.yaml:2:9",
        "dir/f2.yaml:3:8: duplicate table 'item_features'; also used at dir/f0.yaml:3:8");
  }

  @Test
  void everyProblemOfEveryFileIsReported() {
    List<String> all = problems(HEAD + "  - name: a\n    type: strng\n", "version: 1\n");
    assertThat(all).hasSize(1 + 4);
    assertThat(all.get(0)).startsWith("dir/f0.yaml:9:11: unknown type 'strng'");
    assertThat(all.get(1)).isEqualTo("dir/f1.yaml:1:1: missing required key 'entity'");
  }
}
