package dev.recsys.offline.twotower;

import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Item vectors for the ANN index, and their file format (two files in one directory):
 *
 * <pre>
 * item_embeddings.json   {"format": "float32-le", "dim": 32, "count": 3700, "metric": "inner_product",
 *                         "normalized": true, "data": "item_embeddings.f32", "sha256": "...",
 *                         "ids": ["1", "2", ...]}
 * item_embeddings.f32    count * dim float32 values, little-endian, row-major: row r is ids[r]
 * </pre>
 *
 * <p>Rows are L2-normalised, so inner product and cosine rank alike. {@code sha256} is of the
 * .f32 file; {@link #read} checks it, the size and the header, and names the file on error.
 *
 * @param ids     item id of each row
 * @param dim     floats per row
 * @param vectors row-major [ids.size()][dim]
 */
public record ItemEmbeddings(List<String> ids, int dim, float[] vectors) {

  public static final String HEADER = "item_embeddings.json";
  public static final String DATA = "item_embeddings.f32";
  public static final String FORMAT = "float32-le";

  public ItemEmbeddings {
    ids = List.copyOf(ids);
    if (dim < 1 || vectors.length != (long) ids.size() * dim) {
      throw new IllegalArgumentException(ids.size() + " item ids with dim " + dim + " need " + (long) ids.size() * dim
          + " floats, got " + vectors.length);
    }
  }

  public int count() {
    return ids.size();
  }

  /** Writes the header and data files into {@code dir} (created if missing). */
  public void write(Path dir) {
    ByteBuffer buf = ByteBuffer.allocate(vectors.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(vectors);
    byte[] data = buf.array();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("format", FORMAT);
    header.put("dim", dim);
    header.put("count", ids.size());
    header.put("metric", "inner_product");
    header.put("normalized", true);
    header.put("data", DATA);
    header.put("sha256", Sha256.of(data));
    header.put("ids", ids);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(DATA), data);
      Files.writeString(dir.resolve(HEADER), Json.write(header), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item embeddings to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IllegalArgumentException naming the file when the header is malformed, the data size
   *     does not match count * dim * 4 bytes, or the checksum differs
   */
  public static ItemEmbeddings read(Path dir) {
    Path headerFile = dir.resolve(HEADER);
    Path dataFile = dir.resolve(DATA);
    try {
      Object parsed = Json.parse(Files.readString(headerFile, StandardCharsets.UTF_8), headerFile.toString());
      if (!(parsed instanceof Map<?, ?> h)) {
        throw new IllegalArgumentException(headerFile + ": expected a JSON object");
      }
      if (!FORMAT.equals(h.get("format"))) {
        throw new IllegalArgumentException(
            headerFile + ": format must be \"" + FORMAT + "\", found " + h.get("format"));
      }
      int dim = intField(h, "dim", headerFile);
      int count = intField(h, "count", headerFile);
      if (!(h.get("ids") instanceof List<?> rawIds) || rawIds.size() != count) {
        throw new IllegalArgumentException(headerFile + ": ids must be a list of " + count + " strings");
      }
      List<String> ids = new ArrayList<>(count);
      for (Object o : rawIds) {
        if (!(o instanceof String s)) {
          throw new IllegalArgumentException(headerFile + ": ids must be strings, found " + o);
        }
        ids.add(s);
      }
      byte[] data = Files.readAllBytes(dataFile);
      if (data.length != (long) count * dim * Float.BYTES) {
        throw new IllegalArgumentException(dataFile + ": " + data.length + " bytes, expected count " + count + " * dim "
            + dim + " * 4 = " + (long) count * dim * Float.BYTES);
      }
      if (!Sha256.of(data).equals(h.get("sha256"))) {
        throw new IllegalArgumentException(dataFile + ": sha256 " + Sha256.of(data) + " differs from the header's "
            + h.get("sha256"));
      }
      float[] v = new float[count * dim];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return new ItemEmbeddings(ids, dim, v);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read item embeddings from " + dir + ": " + e.getMessage(), e);
    }
  }

  private static int intField(Map<?, ?> h, String name, Path file) {
    if (!(h.get(name) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(file + ": " + name + " must be a non-negative integer, found " + h.get(name));
    }
    return v.intValue();
  }

}
