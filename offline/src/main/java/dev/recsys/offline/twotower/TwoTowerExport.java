package dev.recsys.offline.twotower;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model for serving: the user tower as ONNX, its contract as JSON, and the item
 * vectors for the ANN index ({@link ItemEmbeddings}).
 *
 * <pre>
 * DIR/user_tower.onnx        inputs and output below; IR 8, opset 17
 * DIR/user_tower.json        the contract: inputs, output, encodings, OOV and padding ids,
 *                            history length, user ids in row order, config, sha256 of the .onnx
 * DIR/item_embeddings.json   see {@link ItemEmbeddings}
 * DIR/item_embeddings.f32
 * </pre>
 *
 * <p>The user tower's inputs (N = batch size, any; L = the model's history length, fixed):
 *
 * <pre>
 * user_index   int64 [N]     row of the user in user_tower.json "user_ids"; user_oov (= number of
 *                            users) for a user not in that list; a user listed but without training
 *                            positives has the OOV row's embedding already
 * gender       int64 [N]     0 unknown, 1 M, 2 F
 * age_bucket   int64 [N]     0 unknown, 1..7 for ages below 18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+
 * occupation   int64 [N]     occupation code + 1 (codes 0..30), 0 unknown
 * history      int64 [N, L]  the user's last L distinct positive items, most recent first, as row
 *                            indices of item_embeddings.json "ids"; pad with history_padding
 *                            (= number of items); an all-padding row means no history
 * output:
 * user_embedding float [N, dim]  L2-normalised; score an item by the inner product with its vector
 * </pre>
 *
 * Ids outside their range make ONNX Runtime fail the Gather; they are not clamped.
 */
public final class TwoTowerExport {

  public static final String USER_TOWER = "user_tower.onnx";
  public static final String CONTRACT = "user_tower.json";
  public static final String USER_INDEX = "user_index";
  public static final String GENDER = "gender";
  public static final String AGE_BUCKET = "age_bucket";
  public static final String OCCUPATION = "occupation";
  public static final String HISTORY = "history";
  public static final String OUTPUT = "user_embedding";
  /** Bumped when an input, output or encoding changes meaning. */
  public static final String CONTRACT_VERSION = "twotower-user-v1";

  /** What {@link #export} wrote. */
  public record Exported(Path userTower, Path contract, Path itemHeader, Path itemData, String userTowerSha256) {}

  private TwoTowerExport() {}

  /** Input names in graph order, which is also the tower's field order. */
  public static List<String> inputNames() {
    return List.of(USER_INDEX, GENDER, AGE_BUCKET, OCCUPATION, HISTORY);
  }

  /** The user tower as a serialized ONNX model. */
  public static byte[] userTowerOnnx(TwoTowerModel model) {
    Tower t = model.user;
    OnnxGraph g = new OnnxGraph("twotower_user_tower");
    List<String> names = inputNames();
    String[] parts = new String[t.fields.length];
    String axis1 = g.longInitializer("axis_1", new long[] {1}, 1);
    for (int f = 0; f < t.fields.length; f++) {
      Tower.Field field = t.fields[f];
      String in = field.width() == 1
          ? g.input(names.get(f), DataType.INT64, "N")
          : g.input(names.get(f), DataType.INT64, "N", (long) field.width());
      Param p = field.table();
      String table = g.floatInitializer(p.name, p.value, p.rows, p.cols);
      String looked = g.node("Gather", Map.of("axis", 0L), table, in);
      if (field.width() == 1) {
        parts[f] = looked;
      } else {
        // Mean over the non-padding ids: the padding row is zero, so a plain sum adds nothing for
        // it; the count excludes it, and max(count, 1) keeps an all-padding row at zero.
        String sum = g.node("ReduceSum", Map.of("keepdims", 0L), looked, axis1);
        String pad = g.longInitializer(names.get(f) + "_padding", new long[] {field.padding()});
        String real = g.node("Cast", Map.of("to", (long) DataType.FLOAT.getNumber()),
            g.node("Not", g.node("Equal", in, pad)));
        String count = g.node("ReduceSum", Map.of("keepdims", 1L), real, axis1);
        parts[f] = g.node("Div", sum, g.node("Max", count, g.scalar(1f)));
      }
    }
    String x = g.node("Concat", Map.of("axis", 1L), parts);
    if (t.hidden > 0) {
      String w1 = g.floatInitializer(t.w1.name, t.w1.value, t.w1.rows, t.w1.cols);
      String b1 = g.floatInitializer(t.b1.name, t.b1.value, t.b1.cols);
      x = g.node("Relu", g.node("Add", g.node("MatMul", x, w1), b1));
    }
    String w2 = g.floatInitializer(t.w2.name, t.w2.value, t.w2.rows, t.w2.cols);
    String b2 = g.floatInitializer(t.b2.name, t.b2.value, t.b2.cols);
    String z = g.node("Add", g.node("MatMul", x, w2), b2);
    String ss = g.node("ReduceSum", Map.of("keepdims", 1L), g.node("Mul", z, z), axis1);
    String norm = g.node("Sqrt", g.node("Max", ss, g.scalar(Tower.NORM_EPS)));
    g.node("Div", OUTPUT, Map.of(), z, norm);
    g.output(OUTPUT, DataType.FLOAT, "N", (long) model.dim());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("contract", CONTRACT_VERSION);
    meta.put("history_length", Integer.toString(model.historyLength()));
    meta.put("history_padding", Integer.toString(model.historyPadding()));
    meta.put("user_oov", Integer.toString(model.userOov()));
    meta.put("dim", Integer.toString(model.dim()));
    return g.toModel("recsys-offline-twotower", "1", meta).toByteArray();
  }

  /**
   * Writes the user tower, its contract and the item vectors into {@code dir}.
   *
   * @param extra added to user_tower.json under "training" (metrics, data range, ...)
   */
  public static Exported export(TwoTowerModel model, Path dir, Map<String, Object> extra) {
    byte[] onnx = userTowerOnnx(model);
    String sha = Sha256.of(onnx);
    Path tower = dir.resolve(USER_TOWER);
    Path contract = dir.resolve(CONTRACT);
    try {
      Files.createDirectories(dir);
      Files.write(tower, onnx);
      Files.writeString(contract, Json.write(contract(model, sha, extra)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the two-tower model to " + dir + ": " + e.getMessage(), e);
    }
    model.itemEmbeddingTable().write(dir);
    return new Exported(tower, contract, dir.resolve(ItemEmbeddings.HEADER), dir.resolve(ItemEmbeddings.DATA), sha);
  }

  private static Map<String, Object> contract(TwoTowerModel model, String sha, Map<String, Object> extra) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("contract", CONTRACT_VERSION);
    c.put("model", USER_TOWER);
    c.put("sha256", sha);
    c.put("opset", OnnxGraph.OPSET);
    List<Object> inputs = new ArrayList<>();
    inputs.add(tensor(USER_INDEX, "int64", List.of("N"), "user row in user_ids; user_oov when unknown"));
    inputs.add(tensor(GENDER, "int64", List.of("N"), "0 unknown, 1 M, 2 F"));
    inputs.add(tensor(AGE_BUCKET, "int64", List.of("N"), "0 unknown, else 1 + number of age_boundaries <= age"));
    inputs.add(tensor(OCCUPATION, "int64", List.of("N"), "occupation code + 1 for codes 0.."
        + (TwoTowerFeatures.OCCUPATION_VOCAB - 2) + ", else 0"));
    inputs.add(tensor(HISTORY, "int64", List.of("N", model.historyLength()),
        "the user's last distinct positive item rows, most recent first, padded with history_padding"));
    c.put("inputs", inputs);
    c.put("outputs", List.of(tensor(OUTPUT, "float32", List.of("N", model.dim()),
        "L2-normalised; score = inner product with the item vectors")));
    c.put("history_length", model.historyLength());
    c.put("history_padding", model.historyPadding());
    c.put("user_oov", model.userOov());
    List<Object> ages = new ArrayList<>();
    for (double b : TwoTowerFeatures.AGE_BANDS.boundaries()) {
      ages.add((long) b);
    }
    c.put("age_boundaries", ages);
    c.put("item_embeddings", ItemEmbeddings.HEADER);
    c.put("config", model.config().toMap());
    c.put("training", new LinkedHashMap<>(extra));
    c.put("user_ids", model.userIds());
    return c;
  }

  private static Map<String, Object> tensor(String name, String dtype, List<Object> shape, String meaning) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("dtype", dtype);
    m.put("shape", shape);
    m.put("meaning", meaning);
    return m;
  }
}
