package dev.recsys.offline.widedeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.data.Users;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import dev.recsys.transform.widedeep.WideDeepSpec;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same (user, item, time) gives the same tensors offline (training job: dataset files,
 * materialized feature CSVs, spec in memory) and online (rank-service's way: the spec loaded from
 * its file, one user row and the candidates' item rows fetched by key as Arrow batches of the
 * {@link FeatureTables} columns, candidates in request order, some of them unknown).
 */
class WideDeepOfflineOnlineTest {

  @TempDir static Path dir;
  static WideDeepJob.Encoded offline;
  static Interactions test;
  static Users users;
  static Items items;
  static ColumnBatch userTable;
  static ColumnBatch itemTable;
  static Path specFile;

  @BeforeAll
  static void trainingSide() {
    new SyntheticGenerator(Size.SMALL, 7).writeTo(dir);
    TemporalSplit.run(dir);
    FeatureMaterializer.run(dir);
    offline = WideDeepJob.encode(dir, WideDeepEncoder.FitOptions.defaults());
    specFile = dir.resolve("model/" + WideDeepJob.SPEC_FILE);
    offline.encoder().spec().save(specFile);
    users = DatasetFiles.readUsers(DatasetFiles.users(dir));
    items = DatasetFiles.readItems(DatasetFiles.items(dir));
    test = DatasetFiles.readInteractions(DatasetFiles.test(dir), users, items);
    // What feature-service serves: the materialized tables.
    userTable = CsvTables.read(DatasetFiles.userFeatures(dir), FeatureTables.USER);
    itemTable = CsvTables.read(DatasetFiles.itemFeatures(dir), FeatureTables.ITEM);
  }

  /** feature-service's GetFeatures: the rows of the keys it has, as an Arrow IPC payload. */
  static ColumnBatch getFeatures(ColumnBatch table, TableSchema schema, List<String> keys) {
    String[] all = (String[]) table.column(schema.key()).values();
    Map<String, Integer> index = new HashMap<>();
    for (int r = 0; r < all.length; r++) {
      index.put(all[r], r);
    }
    int[] rows = keys.stream().filter(index::containsKey).mapToInt(index::get).toArray();
    List<Column> columns = new ArrayList<>();
    for (String name : schema.columnNames()) {
      Column c = table.column(name);
      Object values = Array.newInstance(c.values().getClass().getComponentType(), rows.length);
      boolean[] nulls = c.nulls() == null ? null : new boolean[rows.length];
      for (int k = 0; k < rows.length; k++) {
        Array.set(values, k, Array.get(c.values(), rows[k]));
        if (nulls != null) {
          nulls[k] = c.nulls()[rows[k]];
        }
      }
      columns.add(new Column(name, c.type(), 1, values, nulls));
    }
    byte[] payload = ArrowCodec.encode(new ColumnBatch(rows.length, columns));
    return ArrowCodec.decode(payload, "GetFeatures(" + schema.entity() + ") response");
  }

  /** rank-service's way: hydrate, then encode every candidate for one user at one request time. */
  static WideDeepBatch online(WideDeepEncoder encoder, String user, List<String> candidates, long requestTime) {
    ColumnBatch u = getFeatures(userTable, FeatureTables.USER, List.of(user));
    ColumnBatch i = getFeatures(itemTable, FeatureTables.ITEM, candidates);
    Map<String, Integer> itemRow = new HashMap<>();
    String[] ids = (String[]) i.column("item_id").values();
    for (int r = 0; r < ids.length; r++) {
      itemRow.put(ids[r], r);
    }
    int userRow = u.rowCount() > 0 ? 0 : -1;
    WideDeepEncoder.Bound bound = encoder.bind(u, i);
    WideDeepBatch batch = new WideDeepBatch(candidates.size());
    for (int c = 0; c < candidates.size(); c++) {
      bound.encode(userRow, itemRow.getOrDefault(candidates.get(c), -1), requestTime, batch, c);
    }
    return batch;
  }

  static void assertRowEquals(WideDeepBatch a, int ra, WideDeepBatch b, int rb, String what) {
    int c = WideDeepEncoder.CATEGORICAL_FIELDS.size();
    int w = WideDeepEncoder.WIDE_FIELDS.size();
    int d = WideDeepEncoder.DENSE_FIELDS.size();
    assertThat(Arrays.copyOfRange(a.categorical(), ra * c, ra * c + c)).as("categorical " + what)
        .containsExactly(Arrays.copyOfRange(b.categorical(), rb * c, rb * c + c));
    assertThat(Arrays.copyOfRange(a.wide(), ra * w, ra * w + w)).as("wide " + what)
        .containsExactly(Arrays.copyOfRange(b.wide(), rb * w, rb * w + w));
    assertThat(Arrays.copyOfRange(a.dense(), ra * d, ra * d + d)).as("dense " + what)
        .containsExactly(Arrays.copyOfRange(b.dense(), rb * d, rb * d + d));
  }

  @Test
  void everyTestRowOfFiftyUsersEncodesIdenticallyOnline() {
    WideDeepEncoder served = new WideDeepEncoder(WideDeepSpec.load(specFile));
    assertThat(served.spec()).isEqualTo(offline.encoder().spec());
    int compared = 0;
    for (int k = 0; k < test.size() && compared < 200; k += 9) {
      String user = users.ids()[test.users()[k]];
      String item = items.ids()[test.items()[k]];
      // The real item among other candidates, one of them unknown to the feature store.
      List<String> candidates = new ArrayList<>(new LinkedHashSet<>(List.of(
          items.ids()[(test.items()[k] + 1) % items.size()], "no-such-item", item)));
      WideDeepBatch on = online(served, user, candidates, test.timestamps()[k]);
      assertRowEquals(on, candidates.indexOf(item), offline.test(), k, "user " + user + " item " + item);
      compared++;
    }
    assertThat(compared).isEqualTo(200);
  }

  @Test
  void unknownUsersAndItemsEncodeOnlineAsOfflineUnknownRows() {
    WideDeepEncoder served = new WideDeepEncoder(WideDeepSpec.load(specFile));
    long t = test.timestamps()[0];
    String knownItem = items.ids()[test.items()[0]];
    WideDeepBatch on = online(served, "no-such-user", List.of(knownItem, "no-such-item"), t);
    // Offline, an unknown entity is row -1 of the full tables.
    WideDeepEncoder.Bound off = offline.encoder().bind(userTable, itemTable);
    String[] itemIds = (String[]) itemTable.column("item_id").values();
    int itemRow = Arrays.asList(itemIds).indexOf(knownItem);
    WideDeepBatch expected = new WideDeepBatch(2);
    off.encode(-1, itemRow, t, expected, 0);
    off.encode(-1, -1, t, expected, 1);
    assertRowEquals(on, 0, expected, 0, "unknown user, known item");
    assertRowEquals(on, 1, expected, 1, "unknown user and item");
    // The documented defaults: OOV (0) for every user-side field (user_id, gender, age,
    // occupation), the item's own indices kept; nothing at all for the unknown item.
    for (int f : new int[] {0, 2, 3, 4}) {
      assertThat(on.categorical()[f]).as("user-side field %d", f).isZero();
    }
    assertThat(on.categorical()[1]).isPositive();
    assertThat(on.categorical()[5]).isPositive();
    assertThat(Arrays.copyOfRange(on.categorical(), 7, 14)).containsOnly(0L);
  }

  @Test
  void onlineBatchesLackingAContractColumnAreRefused() {
    WideDeepEncoder served = new WideDeepEncoder(WideDeepSpec.load(specFile));
    ColumnBatch u = getFeatures(userTable, FeatureTables.USER, List.of(users.ids()[0]));
    ColumnBatch withoutAge = new ColumnBatch(u.rowCount(),
        u.columns().stream().filter(c -> !c.name().equals("age")).toList());
    assertThatThrownBy(() -> served.bind(withoutAge, null))
        .hasMessageContaining("user features lack column 'age'");
  }
}
