package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.Json;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported user tower in ONNX Runtime against the Java forward pass, and its declared contract. */
class OnnxExportTest {

  private static TwoTowerModel model;
  private static TwoTowerExport.Exported exported;
  @TempDir
  static Path dir;

  @BeforeAll
  static void export() {
    model = SmallData.quickModel();
    exported = TwoTowerExport.export(model, dir, Map.of("note", "test"));
  }

  @Test
  void onnxRuntimeMatchesJavaForwardPassOnRandomInputs() throws Exception {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 257;
    int len = model.historyLength();
    int[] user = new int[n];
    int[] gender = new int[n];
    int[] age = new int[n];
    int[] occ = new int[n];
    int[] history = new int[n * len];
    for (int k = 0; k < n; k++) {
      user[k] = rng.nextInt(model.numUsers() + 1);           // the OOV id included
      gender[k] = rng.nextInt(TwoTowerFeatures.GENDER_VOCAB);
      age[k] = rng.nextInt(TwoTowerFeatures.AGE_BANDS.buckets());
      occ[k] = rng.nextInt(TwoTowerFeatures.OCCUPATION_VOCAB);
      int real = k % 5 == 0 ? 0 : rng.nextInt(len + 1);      // all-padding rows too
      for (int t = 0; t < len; t++) {
        history[k * len + t] = t < real ? rng.nextInt(model.numItems()) : model.historyPadding();
      }
    }
    // Padding in the middle is outside the contract's "padded at the end" but must still mean nothing.
    history[len + 1] = model.historyPadding();
    UserBatch batch = new UserBatch(n, len, user, gender, age, occ, history);
    float[] expected = model.userEmbeddings(batch);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(exported.userTower().toString(), new OrtSession.SessionOptions())) {
      Map<String, OnnxTensor> in = new LinkedHashMap<>();
      in.put("user_index", tensor(env, user, n));
      in.put("gender", tensor(env, gender, n));
      in.put("age_bucket", tensor(env, age, n));
      in.put("occupation", tensor(env, occ, n));
      in.put("history", tensor(env, history, n, len));
      try (OrtSession.Result result = session.run(in)) {
        float[][] actual = (float[][]) result.get("user_embedding").orElseThrow().getValue();
        assertThat(actual).hasNumberOfRows(n);
        double worst = 0;
        for (int k = 0; k < n; k++) {
          assertThat(actual[k]).hasSize(model.dim());
          for (int j = 0; j < model.dim(); j++) {
            worst = Math.max(worst, Math.abs(actual[k][j] - expected[k * model.dim() + j]));
          }
        }
        assertThat(worst).as("max |ONNX - Java|").isLessThan(1e-5);
      } finally {
        in.values().forEach(OnnxTensor::close);
      }
    }
  }

  @Test
  void declaredInputsAndOutputMatchTheDocumentedContract() throws OrtException {
    int len = model.historyLength();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(exported.userTower().toString(), new OrtSession.SessionOptions())) {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      assertThat(new ArrayList<>(inputs.keySet()))
          .containsExactly("user_index", "gender", "age_bucket", "occupation", "history");
      for (String name : List.of("user_index", "gender", "age_bucket", "occupation")) {
        assertTensor(inputs.get(name), OnnxJavaType.INT64, -1);
      }
      assertTensor(inputs.get("history"), OnnxJavaType.INT64, -1, len);
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      assertThat(outputs.keySet()).containsExactly("user_embedding");
      assertTensor(outputs.get("user_embedding"), OnnxJavaType.FLOAT, -1, model.dim());
      assertThat(session.getMetadata().getCustomMetadata())
          .containsEntry("contract", TwoTowerExport.CONTRACT_VERSION)
          .containsEntry("history_length", Integer.toString(len))
          .containsEntry("history_padding", Integer.toString(model.numItems()))
          .containsEntry("user_oov", Integer.toString(model.numUsers()))
          .containsEntry("dim", Integer.toString(model.dim()));
    }
  }

  @Test
  void contractFileDescribesTheModelAndMatchesItsChecksum() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) Json.parse(
        Files.readString(exported.contract(), StandardCharsets.UTF_8), exported.contract().toString());
    assertThat(c.get("sha256")).isEqualTo(Sha256.of(Files.readAllBytes(exported.userTower())));
    assertThat(c.get("history_length")).isEqualTo((long) model.historyLength());
    assertThat(c.get("history_padding")).isEqualTo((long) model.numItems());
    assertThat(c.get("user_oov")).isEqualTo((long) model.numUsers());
    assertThat((List<?>) c.get("user_ids")).hasSize(model.numUsers()).first().isEqualTo("1");
    List<String> names = new ArrayList<>();
    for (Object o : (List<?>) c.get("inputs")) {
      names.add((String) ((Map<?, ?>) o).get("name"));
    }
    assertThat(names).isEqualTo(TwoTowerExport.inputNames());
    Map<?, ?> history = (Map<?, ?>) ((List<?>) c.get("inputs")).get(4);
    assertThat(history.get("shape")).isEqualTo(List.of("N", (long) model.historyLength()));
    assertThat(((Map<?, ?>) c.get("training")).get("note")).isEqualTo("test");
  }

  @Test
  void exportedItemVectorsReadBackAsTheModelComputesThem() {
    ItemEmbeddings read = ItemEmbeddings.read(dir);
    assertThat(read.ids()).isEqualTo(model.itemIds());
    assertThat(read.dim()).isEqualTo(model.dim());
    assertThat(read.vectors()).containsExactly(model.itemEmbeddings());
    for (int i = 0; i < read.count(); i++) {
      double norm = 0;
      for (int j = 0; j < read.dim(); j++) {
        norm += read.vectors()[i * read.dim() + j] * read.vectors()[i * read.dim() + j];
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, Offset.offset(1e-5));
    }
  }

  private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
    TensorInfo info = (TensorInfo) node.getInfo();
    assertThat(info.type).as(node.getName()).isEqualTo(type);
    assertThat(info.getShape()).as(node.getName()).containsExactly(shape);
  }

  private static OnnxTensor tensor(OrtEnvironment env, int[] v, long... shape) throws OrtException {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
  }
}
