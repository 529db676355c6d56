package dev.recsys.codegen.schema;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses and validates feature schema files into {@link FeatureSchema}s.
 *
 * <p>Works on SnakeYAML's node graph ({@code compose}) rather than constructed maps because only
 * nodes carry line/column marks, and every message must point at the offending place. All files
 * are checked and every problem is collected, so one build shows the author everything to fix.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchemaParser {

  /** A schema file's content and the two names it goes by. */
  public record Source(String relativeName, String displayName, String text) {}

  public static final int FORMAT_VERSION = 1;
  static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  static final List<String> TOP_LEVEL_KEYS =
      List.of("version", "entity", "table", "description", "cache_ttl", "key", "columns");
  static final List<String> COLUMN_KEYS =
      List.of("name", "type", "nullable", "default", "description", "precision", "scale");
  static final String VALID_TYPES = "bool, int, long, float, double, string, timestamp, decimal,"
      + " list<T>, map<string,T>, vector<float,N>";
  static final String SCALAR_TYPES = Arrays.stream(ScalarKind.values())
      .map(ScalarKind::spelling).collect(Collectors.joining(", "));
  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})([smhd])");
  private static final Pattern GENERIC = Pattern.compile("([a-z]+)<(.*)>");

  /** Reads every {@code *.yaml} file under {@code directory} (recursively, sorted by path). */
  public List<FeatureSchema> parseDirectory(Path directory, Path displayBase)
      throws IOException, SchemaException {
    List<Source> sources = new ArrayList<>();
    for (Path file : listSchemaFiles(directory)) {
      String relative = directory.relativize(file).toString().replace('\\', '/');
      Path display = displayBase == null ? file : displayBase.toAbsolutePath().relativize(file.toAbsolutePath());
      sources.add(new Source(relative, display.toString().replace('\\', '/'),
          Files.readString(file, StandardCharsets.UTF_8)));
    }
    return parse(sources);
  }

  /** The schema files under {@code directory}, sorted so that output never depends on file system order. */
  public static List<Path> listSchemaFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  /** Parses all sources; returns schemas sorted by entity name, or throws with every problem. */
  public List<FeatureSchema> parse(List<Source> sources) throws SchemaException {
    List<Problem> problems = new ArrayList<>();
    List<FeatureSchema> schemas = new ArrayList<>();
    Map<String, Problem> entities = new HashMap<>();
    Map<String, Problem> tables = new HashMap<>();
    Map<String, Problem> classNames = new HashMap<>();
    for (Source source : sources) {
      FileParser parser = new FileParser(source, problems);
      FeatureSchema schema = parser.parse();
      if (schema == null) {
        continue;
      }
      // Cross-file uniqueness: the catalog is keyed by entity and the database by table.
      Problem entityAt = parser.at(parser.entityNode, "");
      Problem tableAt = parser.at(parser.tableNode, "");
      Problem previous = entities.putIfAbsent(schema.entity(), entityAt);
      if (previous != null) {
        problems.add(parser.at(parser.entityNode, "duplicate entity '" + schema.entity()
            + "'; also defined at " + place(previous)));
        continue;
      }
      previous = classNames.putIfAbsent(Names.pascal(schema.entity()), entityAt);
      if (previous != null) {
        problems.add(parser.at(parser.entityNode, "entity '" + schema.entity()
            + "' gives the same class name " + Names.pascal(schema.entity())
            + "Features as the entity at " + place(previous)));
        continue;
      }
      previous = tables.putIfAbsent(schema.table(), tableAt);
      if (previous != null) {
        problems.add(parser.at(parser.tableNode, "duplicate table '" + schema.table()
            + "'; also used at " + place(previous)));
        continue;
      }
      schemas.add(schema);
    }
    if (!problems.isEmpty()) {
      throw new SchemaException(problems);
    }
    schemas.sort((a, b) -> a.entity().compareTo(b.entity()));
    return List.copyOf(schemas);
  }

  private static String place(Problem p) {
    return p.file() + ":" + p.line() + ":" + p.column();
  }

  /** Parses one file; holds the per-file state so the walk reads top to bottom. */
  private static final class FileParser {
    private final Source source;
    private final List<Problem> problems;
    private final int problemsBefore;
    Node entityNode;
    Node tableNode;

    FileParser(Source source, List<Problem> problems) {
      this.source = source;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    Problem at(Node node, String message) {
      return at(node == null ? null : node.getStartMark(), message);
    }

    Problem at(Mark mark, String message) {
      int line = mark == null ? 1 : mark.getLine() + 1;
      int column = mark == null ? 1 : mark.getColumn() + 1;
      return new Problem(source.displayName(), line, column, message);
    }

    private void problem(Node node, String message) {
      problems.add(at(node, message));
    }

    FeatureSchema parse() {
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below with a position instead
        root = new Yaml(options).compose(new StringReader(source.text()));
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
        problems.add(at(mark, "YAML syntax error: " + what.strip()));
        return null;
      }
      if (root == null) {
        problems.add(new Problem(source.displayName(), 1, 1,
            "empty schema file; expected a mapping with keys " + String.join(", ", TOP_LEVEL_KEYS)));
        return null;
      }
      if (!(root instanceof MappingNode mapping)) {
        problem(root, "a schema file must be a YAML mapping with keys " + String.join(", ", TOP_LEVEL_KEYS));
        return null;
      }
      Map<String, NodeTuple> top = keys(mapping, TOP_LEVEL_KEYS, "key");
      for (String required : List.of("version", "entity", "table", "key", "columns")) {
        if (!top.containsKey(required)) {
          problem(mapping, "missing required key '" + required + "'");
        }
      }
      if (top.containsKey("version")) {
        Node v = top.get("version").getValueNode();
        String text = scalar(v, "version");
        if (text != null && !text.equals(String.valueOf(FORMAT_VERSION))) {
          problem(v, "unsupported version '" + text + "'; only " + FORMAT_VERSION + " is valid");
        }
      }
      // The entity name only ever appears inside other names (UserFeatures) and as a string, so
      // reserved words are fine there; tables and columns are bare SQL and Java identifiers.
      String entity = identifier(top.get("entity"), "entity name", false);
      entityNode = top.containsKey("entity") ? top.get("entity").getValueNode() : null;
      String table = identifier(top.get("table"), "table name", true);
      tableNode = top.containsKey("table") ? top.get("table").getValueNode() : null;
      String description = top.containsKey("description")
          ? scalar(top.get("description").getValueNode(), "description") : "";
      Duration ttl = top.containsKey("cache_ttl") ? ttl(top.get("cache_ttl").getValueNode()) : null;
      List<ColumnDef> columns = new ArrayList<>();
      Map<String, Node> columnNodes = new LinkedHashMap<>();
      Map<String, Node> nullableNodes = new HashMap<>();
      if (top.containsKey("columns")) {
        columns(top.get("columns").getValueNode(), columns, columnNodes, nullableNodes);
      }
      List<String> key = top.containsKey("key")
          ? key(top.get("key").getValueNode(), columns, columnNodes, nullableNodes) : List.of();
      if (problems.size() > problemsBefore) {
        return null;
      }
      // Key columns are NOT NULL whether or not the file says so.
      List<ColumnDef> finalColumns = columns.stream()
          .map(c -> key.contains(c.name()) && c.nullable()
              ? new ColumnDef(c.name(), c.type(), false, c.description(), c.defaultValue(),
                  c.precision(), c.scale())
              : c)
          .toList();
      return new FeatureSchema(source.relativeName(), entity, table, description, ttl, key, finalColumns);
    }

    /** Indexes a mapping's entries by key, reporting unknown and duplicate keys. */
    private Map<String, NodeTuple> keys(MappingNode mapping, List<String> valid, String what) {
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problem(keyNode, "a " + what + " must be a plain name; valid keys: " + String.join(", ", valid));
          continue;
        }
        String name = scalarKey.getValue();
        if (!valid.contains(name)) {
          problem(keyNode, "unknown " + what + " '" + name + "'; valid keys: " + String.join(", ", valid));
        } else if (out.containsKey(name)) {
          problem(keyNode, "duplicate " + what + " '" + name + "'");
        } else {
          out.put(name, tuple);
        }
      }
      return out;
    }

    /** The text of a scalar node, or null (with a problem) if the node is not a scalar. */
    private String scalar(Node node, String what) {
      if (node instanceof ScalarNode s) {
        return s.getValue();
      }
      problem(node, what + " must be a single value, not a " + kind(node));
      return null;
    }

    private static String kind(Node node) {
      return node instanceof SequenceNode ? "list" : node instanceof MappingNode ? "mapping" : "value";
    }

    private String identifier(NodeTuple tuple, String what, boolean rejectReserved) {
      if (tuple == null) {
        return null;
      }
      Node node = tuple.getValueNode();
      String text = scalar(node, what);
      if (text == null) {
        return null;
      }
      return checkIdentifier(node, text, what, rejectReserved) ? text : null;
    }

    private boolean checkIdentifier(Node node, String text, String what, boolean rejectReserved) {
      if (!IDENTIFIER.matcher(text).matches()) {
        problem(node, "invalid " + what + " '" + text + "'; must match [a-z][a-z0-9_]{0,62}");
        return false;
      }
      if (rejectReserved && ReservedWords.isReserved(text)) {
        problem(node, what + " '" + text + "' is a reserved SQL/Java word; choose another name");
        return false;
      }
      return true;
    }

    private Duration ttl(Node node) {
      String text = scalar(node, "cache_ttl");
      if (text == null) {
        return null;
      }
      Duration ttl = null;
      Matcher m = SHORT_DURATION.matcher(text);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        ttl = switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        try {
          ttl = Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        problem(node, "invalid cache_ttl '" + text
            + "'; use a positive ISO-8601 duration (PT5M) or a number with s, m, h or d (30s, 5m, 1h, 1d)");
        return null;
      }
      return ttl;
    }

    private void columns(Node node, List<ColumnDef> out, Map<String, Node> names,
        Map<String, Node> nullableNodes) {
      if (!(node instanceof SequenceNode seq)) {
        problem(node, "columns must be a list of column mappings");
        return;
      }
      if (seq.getValue().isEmpty()) {
        problem(node, "columns must list at least one column");
      }
      Map<String, Node> javaNames = new HashMap<>();
      for (Node item : seq.getValue()) {
        if (!(item instanceof MappingNode mapping)) {
          problem(item, "a column must be a mapping with keys " + String.join(", ", COLUMN_KEYS));
          continue;
        }
        Map<String, NodeTuple> keys = keys(mapping, COLUMN_KEYS, "column key");
        for (String required : List.of("name", "type")) {
          if (!keys.containsKey(required)) {
            problem(mapping, "column is missing required key '" + required + "'");
          }
        }
        String name = identifier(keys.get("name"), "column name", true);
        Node nameNode = keys.containsKey("name") ? keys.get("name").getValueNode() : null;
        if (name != null) {
          if (names.containsKey(name)) {
            problem(nameNode, "duplicate column '" + name + "'; first defined at line "
                + (names.get(name).getStartMark().getLine() + 1));
            name = null;
          } else {
            names.put(name, nameNode);
            Node clash = javaNames.putIfAbsent(Names.camel(name), nameNode);
            if (clash != null) {
              problem(nameNode, "column '" + name + "' gives the same Java name '" + Names.camel(name)
                  + "' as the column at line " + (clash.getStartMark().getLine() + 1));
              name = null;
            } else if (ReservedWords.JAVA.contains(Names.camel(name))) {
              problem(nameNode, "column '" + name + "' gives the Java keyword '" + Names.camel(name)
                  + "' as a field name; choose another name");
              name = null;
            }
          }
        }
        FieldType type = keys.containsKey("type") ? type(keys.get("type").getValueNode()) : null;
        boolean nullable = true;
        if (keys.containsKey("nullable")) {
          Node n = keys.get("nullable").getValueNode();
          String text = scalar(n, "nullable");
          if (text != null) {
            if (text.equals("true") || text.equals("false")) {
              nullable = Boolean.parseBoolean(text);
              if (name != null) {
                nullableNodes.put(name, n);
              }
            } else {
              problem(n, "nullable must be true or false, not '" + text + "'");
            }
          }
        }
        String description = keys.containsKey("description")
            ? scalar(keys.get("description").getValueNode(), "description") : "";
        int precision = 0;
        int scale = 0;
        boolean decimal = type instanceof FieldType.Scalar s && s.kind() == ScalarKind.DECIMAL;
        if (decimal) {
          precision = ColumnDef.DEFAULT_DECIMAL_PRECISION;
          scale = ColumnDef.DEFAULT_DECIMAL_SCALE;
        }
        for (String attribute : List.of("precision", "scale")) {
          if (!keys.containsKey(attribute)) {
            continue;
          }
          Node n = keys.get(attribute).getValueNode();
          if (type != null && !decimal) {
            problem(keys.get(attribute).getKeyNode(),
                attribute + " is only valid for decimal columns, not " + type.spelling());
            continue;
          }
          String text = scalar(n, attribute);
          Integer value = text == null ? null : parseIntOrNull(text);
          int max = 38;
          int min = attribute.equals("precision") ? 1 : 0;
          if (text != null && (value == null || value < min || value > max)) {
            problem(n, "invalid " + attribute + " '" + text + "'; must be an integer in " + min + ".." + max);
          } else if (value != null && attribute.equals("precision")) {
            precision = value;
          } else if (value != null) {
            scale = value;
          }
        }
        if (decimal && scale > precision) {
          problem(keys.containsKey("scale") ? keys.get("scale").getValueNode() : mapping,
              "decimal scale " + scale + " exceeds precision " + precision);
        }
        String defaultValue = null;
        if (keys.containsKey("default")) {
          Node n = keys.get("default").getValueNode();
          boolean yamlNull = n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
          String text = yamlNull ? null : scalar(n, "default");
          if (text != null && type != null) {
            String bad = checkDefault(type, text, precision, scale);
            if (bad != null) {
              problem(n, "default '" + text + "' for column '" + (name == null ? "?" : name)
                  + "' " + bad);
            } else {
              defaultValue = text;
            }
          }
        }
        if (name != null && type != null) {
          out.add(new ColumnDef(name, type, nullable, description, defaultValue, precision, scale));
        }
      }
    }

    private static Integer parseIntOrNull(String text) {
      try {
        return Integer.valueOf(text);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** Null if {@code text} is a valid default for {@code type}, else what is wrong. */
    private static String checkDefault(FieldType type, String text, int precision, int scale) {
      if (!(type instanceof FieldType.Scalar scalar)) {
        return "is not allowed: defaults are only supported for scalar columns, not " + type.spelling();
      }
      String expected = "is not a valid " + scalar.kind().spelling();
      try {
        switch (scalar.kind()) {
          case BOOL -> {
            if (!text.equals("true") && !text.equals("false")) {
              return expected + " (true or false)";
            }
          }
          case INT -> Integer.parseInt(text);
          case LONG -> Long.parseLong(text);
          case FLOAT -> {
            if (!Float.isFinite(Float.parseFloat(text))) {
              return expected + " (must be finite)";
            }
          }
          case DOUBLE -> {
            if (!Double.isFinite(Double.parseDouble(text))) {
              return expected + " (must be finite)";
            }
          }
          case STRING -> { }
          case TIMESTAMP -> {
            try {
              Instant.parse(text);
            } catch (DateTimeParseException e) {
              return expected + " (ISO-8601 instant such as 2024-01-01T00:00:00Z)";
            }
          }
          case DECIMAL -> {
            BigDecimal value = new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY);
            if (value.precision() > precision) {
              return "does not fit decimal(" + precision + "," + scale + ")";
            }
          }
          default -> throw new IllegalStateException(scalar.kind().name());
        }
      } catch (NumberFormatException e) {
        return expected;
      } catch (ArithmeticException e) {
        return "does not fit decimal(" + precision + "," + scale + ")";
      }
      return null;
    }

    private FieldType type(Node node) {
      String written = scalar(node, "type");
      if (written == null) {
        return null;
      }
      String text = written.replace(" ", "");
      var scalar = ScalarKind.fromSpelling(text);
      if (scalar.isPresent()) {
        return new FieldType.Scalar(scalar.get());
      }
      Matcher m = GENERIC.matcher(text);
      if (m.matches()) {
        String[] args = m.group(2).split(",", -1);
        switch (m.group(1)) {
          case "list" -> {
            var element = ScalarKind.fromSpelling(m.group(2));
            if (element.isEmpty()) {
              problem(node, "invalid list element type '" + m.group(2) + "' in '" + written
                  + "'; valid element types: " + SCALAR_TYPES);
              return null;
            }
            return new FieldType.ListOf(element.get());
          }
          case "map" -> {
            if (args.length != 2) {
              problem(node, "map type '" + written + "' must be map<string,T>");
              return null;
            }
            if (!args[0].equals("string")) {
              problem(node, "map key type must be string, not '" + args[0] + "' in '" + written + "'");
              return null;
            }
            var value = ScalarKind.fromSpelling(args[1]);
            if (value.isEmpty()) {
              problem(node, "invalid map value type '" + args[1] + "' in '" + written
                  + "'; valid value types: " + SCALAR_TYPES);
              return null;
            }
            return new FieldType.MapOf(value.get());
          }
          case "vector" -> {
            if (!args[0].equals("float")) {
              problem(node, "vector element type must be float, not '" + args[0] + "' in '" + written + "'");
              return null;
            }
            if (args.length != 2) {
              problem(node, "vector type '" + written
                  + "' needs a dimension: vector<float,N> with N in 1.." + FieldType.VectorOf.MAX_DIMENSION);
              return null;
            }
            Integer n = parseIntOrNull(args[1]);
            if (n == null || n < 1 || n > FieldType.VectorOf.MAX_DIMENSION) {
              problem(node, "invalid vector dimension '" + args[1] + "' in '" + written
                  + "'; N must be an integer in 1.." + FieldType.VectorOf.MAX_DIMENSION);
              return null;
            }
            return new FieldType.VectorOf(n);
          }
          default -> { }
        }
      }
      problem(node, "unknown type '" + written + "'; valid types: " + VALID_TYPES);
      return null;
    }

    private List<String> key(Node node, List<ColumnDef> columns, Map<String, Node> columnNodes,
        Map<String, Node> nullableNodes) {
      List<Node> items;
      if (node instanceof ScalarNode) {
        items = List.of(node); // `key: item_id` is accepted as a one-column key
      } else if (node instanceof SequenceNode seq) {
        items = seq.getValue();
      } else {
        problem(node, "key must be a list of column names");
        return List.of();
      }
      if (items.isEmpty()) {
        problem(node, "key must name at least one column");
      }
      List<String> key = new ArrayList<>();
      for (Node item : items) {
        String name = scalar(item, "key column");
        if (name == null) {
          continue;
        }
        if (key.contains(name)) {
          problem(item, "column '" + name + "' appears twice in key");
          continue;
        }
        ColumnDef column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (column == null) {
          if (!columnNodes.containsKey(name)) { // a column that failed validation was already reported
            problem(item, "key column '" + name + "' is not a declared column; columns: "
                + String.join(", ", columnNodes.keySet()));
          }
          continue;
        }
        ScalarKind kind = column.scalarKind();
        if (kind == null || kind == ScalarKind.FLOAT || kind == ScalarKind.DOUBLE) {
          problem(item, "key column '" + name + "' has type " + column.type().spelling()
              + "; key columns must be bool, int, long, string, timestamp or decimal");
          continue;
        }
        Node nullableNode = nullableNodes.get(name);
        if (nullableNode != null && column.nullable()) {
          problem(nullableNode, "key column '" + name + "' must not be nullable");
          continue;
        }
        key.add(name);
      }
      return key;
    }
  }
}
