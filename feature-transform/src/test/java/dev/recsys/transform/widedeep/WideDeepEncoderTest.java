package dev.recsys.transform.widedeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WideDeepEncoderTest {

  /** 2000-06-01T00:00:00Z. */
  static final long T0 = 959_817_600L;

  @TempDir Path dir;

  ColumnBatch users() throws IOException {
    Path f = dir.resolve("users.csv");
    Files.writeString(f, "user_id,gender,age,occupation,clicks,impressions\n"
        + "u1,F,25,3,4,10\nu2,M,35,7,1,10\nu3,,,,0,0\n");
    return CsvTables.read(f, FeatureTables.USER);
  }

  ColumnBatch items() throws IOException {
    Path f = dir.resolve("items.csv");
    Files.writeString(f, "item_id,category,year,clicks,impressions\n"
        + "i1,Drama,1995,7,20\ni2,Comedy,1999,2,10\ni3,Drama,,0,0\n");
    return CsvTables.read(f, FeatureTables.ITEM);
  }

  WideDeepSpec fitted() throws IOException {
    // Training rows: u1 x i1 twice, u2 x i2, u1 x i2; u3 and i3 never trained on.
    return WideDeepEncoder.fit(users(), items(), new int[] {0, 0, 1, 0}, new int[] {0, 0, 1, 1},
        new long[] {T0, T0 + 86_400, T0 + 2 * 86_400, T0 + 3 * 86_400}, WideDeepEncoder.FitOptions.defaults());
  }

  @Test
  void contractListsThreeTensorsWithCardinalitiesFromTheSpec() throws IOException {
    WideDeepEncoder enc = new WideDeepEncoder(fitted());
    assertThat(enc.inputs()).extracting(TensorSpec::describe)
        .containsExactly("categorical int64 [N, 7]", "wide int64 [N, 6]", "dense float32 [N, 7]");
    TensorSpec cat = enc.input(WideDeepEncoder.CATEGORICAL);
    assertThat(cat.fields()).containsExactly("user_id", "item_id", "user_gender", "user_age", "user_occupation",
        "item_category", "item_year");
    // u1, u2 + OOV; i1, i2 + OOV; F, M + OOV; ...
    assertThat(cat.cardinalities().subList(0, 6)).containsExactly(3, 3, 3, 3, 3, 3);
    assertThat(enc.input(WideDeepEncoder.WIDE).cardinalities())
        .containsExactly(3, 3, 64, 256, 1024, 512);
    assertThatThrownBy(() -> enc.input("ids")).hasMessageContaining("[categorical, wide, dense]");
  }

  @Test
  void knownPairEncodesVocabularyIndicesCrossesAndStandardisedValues() throws IOException {
    WideDeepSpec spec = fitted();
    WideDeepEncoder enc = new WideDeepEncoder(spec);
    WideDeepBatch b = new WideDeepBatch(1);
    enc.bind(users(), items()).encode(0, 0, T0, b, 0);
    Vocabulary userIds = spec.vocabulary("user_id");
    assertThat(b.categorical()[0]).isEqualTo(userIds.index("u1")).isEqualTo(1); // u1 is the most frequent
    assertThat(b.categorical()[1]).isEqualTo(spec.vocabulary("item_id").index("i1"));
    assertThat(b.categorical()[5]).isEqualTo(spec.vocabulary("item_category").index("Drama"));
    assertThat(b.categorical()[6]).isEqualTo(spec.itemYearBuckets().apply(1995));
    assertThat(b.wide()[0]).isEqualTo(b.categorical()[0]);
    for (int k = 2; k < 6; k++) {
      assertThat(b.wide()[k]).as("cross %d", k).isPositive();
    }
    assertThat(b.dense()[0]).isEqualTo(spec.normalizer("user_ctr").apply((4 + 1) / 20.0));
    assertThat(b.dense()[4]).isEqualTo(spec.normalizer("item_year").apply(1995));
    assertThat(b.dense()[5]).isEqualTo(spec.normalizer("request_time").apply(T0));
  }

  @Test
  void unknownUsersItemsAndMissingValuesGetTheDocumentedDefaults() throws IOException {
    WideDeepSpec spec = fitted();
    WideDeepEncoder enc = new WideDeepEncoder(spec);
    WideDeepBatch b = new WideDeepBatch(3);
    WideDeepEncoder.Bound bound = enc.bind(users(), items());
    bound.encode(-1, -1, T0, b, 0);  // neither exists in the feature store
    bound.encode(2, 2, T0, b, 1);    // u3 and i3 exist but never occurred in training; u3 lacks age etc.
    bound.encode(0, 2, T0, b, 2);    // known user, item with no year
    for (int row = 0; row < 2; row++) {
      for (int f = 0; f < 7; f++) {
        if (row == 1 && f == 5) {
          continue; // i3's category, Drama, is known
        }
        assertThat(b.categorical()[row * 7 + f]).as("row %d categorical %d", row, f).isZero();
      }
      for (int f = 0; f < 6; f++) {
        assertThat(b.wide()[row * 6 + f]).as("row %d wide %d", row, f).isZero();
      }
      // No history: prior CTR and 0 impressions, standardised; no year: the mean (0).
      assertThat(b.dense()[row * 7]).isEqualTo(spec.normalizer("user_ctr").apply(0.1));
      assertThat(b.dense()[row * 7 + 1]).isEqualTo(spec.normalizer("user_log_impressions").apply(0));
      assertThat(b.dense()[row * 7 + 4]).isZero();
      assertThat(b.dense()[row * 7 + 6]).isZero();
    }
    assertThat(b.categorical()[14]).isEqualTo(1);   // u1 known
    assertThat(b.categorical()[15]).isZero();       // i3 out of vocabulary
    assertThat(b.wide()[12 + 2]).isPositive();      // gender x category: F x Drama
    assertThat(b.wide()[12 + 5]).isZero();          // item year x time needs a year
    assertThat(b.categorical()[20]).isZero();       // no year: missing bucket

    WideDeepEncoder.Bound noBatches = enc.bind(null, null);
    WideDeepBatch c = new WideDeepBatch(1);
    noBatches.encode(-1, -1, T0, c, 0);
    assertThat(c.categorical()).containsOnly(0L);
    assertThatThrownBy(() -> bound.encode(3, 0, T0, b, 0)).hasMessageContaining("user row 3 outside the user batch of 3 rows");
  }

  @Test
  void tensorsAreIdenticalAfterAnArrowRoundTripOfTheFeatureRows() throws IOException {
    // Offline reads the CSV tables; online gets the same rows from feature-service as Arrow,
    // one user row and the candidates' item rows in request order.
    WideDeepEncoder enc = new WideDeepEncoder(fitted());
    ColumnBatch users = users();
    ColumnBatch items = items();
    WideDeepBatch offline = new WideDeepBatch(3);
    WideDeepEncoder.Bound off = enc.bind(users, items);
    for (int i = 0; i < 3; i++) {
      off.encode(1, i, T0 + i, offline, i);
    }
    ColumnBatch onlineUsers = ArrowCodec.decode(ArrowCodec.encode(users), "users");
    ColumnBatch onlineItems = ArrowCodec.decode(ArrowCodec.encode(items), "items");
    WideDeepBatch online = new WideDeepBatch(3);
    WideDeepEncoder.Bound on = enc.bind(onlineUsers, onlineItems);
    for (int i = 0; i < 3; i++) {
      on.encode(1, i, T0 + i, online, i);
    }
    assertThat(online.categorical()).containsExactly(offline.categorical());
    assertThat(online.wide()).containsExactly(offline.wide());
    assertThat(online.dense()).containsExactly(offline.dense());
  }

  @Test
  void encoderRefusesBatchesWithoutItsColumns() throws IOException {
    WideDeepEncoder enc = new WideDeepEncoder(fitted());
    assertThatThrownBy(() -> enc.bind(items(), items()))
        .hasMessageContaining("user features lack column 'user_id'; the widedeep-v1 encoder needs");
  }

  @Test
  void specSurvivesSaveAndLoadExactly() throws IOException {
    WideDeepSpec spec = fitted();
    Path file = dir.resolve("model/transform_spec.json");
    spec.save(file);
    WideDeepSpec back = WideDeepSpec.load(file);
    assertThat(back).isEqualTo(spec);
    assertThat(back.toJson()).isEqualTo(spec.toJson());
    String json = Files.readString(file);
    assertThat(json).contains("\"format\": \"recsys-transform-spec\"", "\"format_version\": 1",
        "\"contract\": \"widedeep-v1\"", "\"tokens\": [\"u1\", \"u2\"]",
        // Fixed key order: a spec's identity is the sha256 of this text.
        "\"output\": {\n    \"name\": \"probability\",\n    \"dtype\": \"float32\",\n    \"shape\": [\"N\", 1]\n  }");
  }

  @Test
  void malformedOrForeignSpecFilesFailNamingTheFileAndTheProblem() throws IOException {
    String good = fitted().toJson();
    Path f = dir.resolve("spec.json");

    Files.writeString(f, good.substring(0, good.length() / 2));
    assertThatThrownBy(() -> WideDeepSpec.load(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ":").hasMessageContaining("invalid JSON");

    Files.writeString(f, good.replace("\"format_version\": 1", "\"format_version\": 2"));
    assertThatThrownBy(() -> WideDeepSpec.load(f))
        .hasMessage(f + ": format_version 2 is not supported; this build reads format_version 1");

    Files.writeString(f, good.replace("widedeep-v1", "widedeep-v0"));
    assertThatThrownBy(() -> WideDeepSpec.load(f)).hasMessageContaining(f + ": contract is 'widedeep-v0'");

    Files.writeString(f, good.replace("\"format\": \"recsys-transform-spec\"", "\"format\": \"onnx\""));
    assertThatThrownBy(() -> WideDeepSpec.load(f)).hasMessageContaining(f + ": format is 'onnx'");

    Files.writeString(f, good.replace("\"tokens\": [\"u1\", \"u2\"]", "\"tokens\": [\"u1\", \"u9\"]"));
    assertThatThrownBy(() -> WideDeepSpec.load(f))
        .hasMessageContaining(f + ": categorical.user_id.fingerprint is ")
        .hasMessageContaining("the token list was changed after training");

    Files.writeString(f, good.replace("\"user_occupation_x_item_category\": {", "\"occupation_cross\": {"));
    assertThatThrownBy(() -> WideDeepSpec.load(f))
        .hasMessageContaining(f + ": wide has the fields")
        .hasMessageContaining("needs exactly [user_id, item_id, user_gender_x_item_category");

    Files.writeString(f, good.replaceFirst("\"mean\": [-0-9.E]+", "\"mean\": \"zero\""));
    assertThatThrownBy(() -> WideDeepSpec.load(f))
        .hasMessage(f + ": dense.user_ctr.mean must be a number, found the string \"zero\"");

    Files.writeString(f, "[1, 2]");
    assertThatThrownBy(() -> WideDeepSpec.load(f)).hasMessage(f + ": document must be a JSON object, found an array");

    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> WideDeepSpec.load(missing)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("transform spec " + missing + " does not exist");
  }
}
