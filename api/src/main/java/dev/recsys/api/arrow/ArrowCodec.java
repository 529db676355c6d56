package dev.recsys.api.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC stream codec for the payloads services exchange: a {@link ColumnBatch} (one
 * RecordBatch) to bytes and back, and float tensors as a fixed-size-list column.
 *
 * <p>Thread-safe: every call uses its own child allocator, closed before the call returns, so
 * no Arrow memory outlives a call and leaks are caught (the allocator throws on close).
 */
public final class ArrowCodec {

  private static final BufferAllocator ROOT = new RootAllocator();

  /** Payloads larger than this are refused on decode; a feature batch is far smaller. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

  private ArrowCodec() {}

  /** Encodes the batch as an Arrow IPC stream holding exactly one RecordBatch. */
  public static byte[] encode(ColumnBatch batch) {
    Objects.requireNonNull(batch, "batch");
    try (BufferAllocator allocator = ROOT.newChildAllocator("encode", 0, Long.MAX_VALUE)) {
      List<FieldVector> vectors = new ArrayList<>(batch.columns().size());
      try {
        for (Column column : batch.columns()) {
          vectors.add(toVector(column, batch.rowCount(), allocator));
        }
        try (VectorSchemaRoot root = new VectorSchemaRoot(vectors)) {
          vectors = List.of(); // the root owns them now
          root.setRowCount(batch.rowCount());
          return encode(root);
        }
      } finally {
        vectors.forEach(FieldVector::close);
      }
    }
  }

  /** Encodes a RecordBatch someone else built (e.g. a generated Arrow reader) as an IPC stream. */
  public static byte[] encode(VectorSchemaRoot root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new IllegalStateException("Arrow encode failed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes an Arrow IPC stream that holds one RecordBatch (an empty stream decodes to a batch
   * with the stream's schema and no rows).
   *
   * @param what names the payload in error messages, e.g. "GetFeatures response"
   * @throws ArrowPayloadException when the bytes are not a readable Arrow stream, hold more
   *     than one batch, or use a column type this codec does not carry
   */
  public static ColumnBatch decode(byte[] bytes, String what) {
    if (bytes == null || bytes.length == 0) {
      throw new ArrowPayloadException(what + ": empty payload; expected an Arrow IPC stream");
    }
    if (bytes.length > MAX_PAYLOAD_BYTES) {
      throw new ArrowPayloadException(what + ": payload of " + bytes.length
          + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES + " bytes");
    }
    try (BufferAllocator allocator = ROOT.newChildAllocator("decode", 0, Long.MAX_VALUE);
        ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Column> columns;
      int rows = 0;
      if (reader.loadNextBatch()) {
        rows = root.getRowCount();
        columns = readColumns(root, what);
        if (reader.loadNextBatch()) {
          throw new ArrowPayloadException(what + ": holds more than one RecordBatch; expected exactly one");
        }
      } else {
        columns = readColumns(root, what);
      }
      return new ColumnBatch(rows, columns);
    } catch (ArrowPayloadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ArrowPayloadException(what + ": not a readable Arrow IPC stream (" + e.getMessage() + ")", e);
    }
  }

  private static List<Column> readColumns(VectorSchemaRoot root, String what) {
    int rows = root.getRowCount();
    List<Column> columns = new ArrayList<>();
    for (FieldVector vector : root.getFieldVectors()) {
      columns.add(fromVector(vector, rows, what));
    }
    return columns;
  }

  private static FieldVector toVector(Column column, int rows, BufferAllocator allocator) {
    String name = column.name();
    switch (column.type()) {
      case STRING -> {
        VarCharVector v = new VarCharVector(name, allocator);
        v.allocateNew(rows);
        String[] values = (String[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (values[i] != null) {
            v.setSafe(i, values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case INT32 -> {
        IntVector v = new IntVector(name, allocator);
        v.allocateNew(rows);
        int[] values = (int[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (!column.isNull(i)) {
            v.set(i, values[i]);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case INT64 -> {
        BigIntVector v = new BigIntVector(name, allocator);
        v.allocateNew(rows);
        long[] values = (long[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (!column.isNull(i)) {
            v.set(i, values[i]);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case FLOAT32 -> {
        Float4Vector v = new Float4Vector(name, allocator);
        v.allocateNew(rows);
        float[] values = (float[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (!column.isNull(i)) {
            v.set(i, values[i]);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case FLOAT64 -> {
        Float8Vector v = new Float8Vector(name, allocator);
        v.allocateNew(rows);
        double[] values = (double[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (!column.isNull(i)) {
            v.set(i, values[i]);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case BOOL -> {
        BitVector v = new BitVector(name, allocator);
        v.allocateNew(rows);
        boolean[] values = (boolean[]) column.values();
        for (int i = 0; i < rows; i++) {
          if (!column.isNull(i)) {
            v.set(i, values[i] ? 1 : 0);
          }
        }
        v.setValueCount(rows);
        return v;
      }
      case FLOAT32_TENSOR -> {
        int width = column.width();
        FixedSizeListVector v = FixedSizeListVector.empty(name, width, allocator);
        v.addOrGetVector(FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        v.allocateNew();
        Float4Vector data = (Float4Vector) v.getDataVector();
        float[] values = (float[]) column.values();
        data.allocateNew(rows * width);
        for (int i = 0; i < rows; i++) {
          v.setNotNull(i);
          for (int j = 0; j < width; j++) {
            data.set(i * width + j, values[i * width + j]);
          }
        }
        data.setValueCount(rows * width);
        v.setValueCount(rows);
        return v;
      }
      default -> throw new IllegalArgumentException("unsupported column type " + column.type());
    }
  }

  private static Column fromVector(FieldVector vector, int rows, String what) {
    String name = vector.getName();
    boolean[] nulls = new boolean[rows];
    boolean anyNull = false;
    for (int i = 0; i < rows; i++) {
      nulls[i] = vector.isNull(i);
      anyNull |= nulls[i];
    }
    boolean[] nullMask = anyNull ? nulls : null;
    if (vector instanceof VarCharVector v) {
      String[] values = new String[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? null : new String(v.get(i), java.nio.charset.StandardCharsets.UTF_8);
      }
      return Column.ofStrings(name, values);
    } else if (vector instanceof IntVector v) {
      int[] values = new int[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? 0 : v.get(i);
      }
      return new Column(name, ColumnType.INT32, 1, values, nullMask);
    } else if (vector instanceof BigIntVector v) {
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? 0 : v.get(i);
      }
      return new Column(name, ColumnType.INT64, 1, values, nullMask);
    } else if (vector instanceof Float4Vector v) {
      float[] values = new float[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? 0 : v.get(i);
      }
      return new Column(name, ColumnType.FLOAT32, 1, values, nullMask);
    } else if (vector instanceof Float8Vector v) {
      double[] values = new double[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = v.isNull(i) ? 0 : v.get(i);
      }
      return new Column(name, ColumnType.FLOAT64, 1, values, nullMask);
    } else if (vector instanceof BitVector v) {
      boolean[] values = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = !v.isNull(i) && v.get(i) == 1;
      }
      return new Column(name, ColumnType.BOOL, 1, values, nullMask);
    } else if (vector instanceof FixedSizeListVector v && v.getDataVector() instanceof Float4Vector data) {
      int width = v.getListSize();
      float[] values = new float[rows * width];
      for (int i = 0; i < rows * width; i++) {
        values[i] = data.isNull(i) ? 0 : data.get(i);
      }
      return new Column(name, ColumnType.FLOAT32_TENSOR, width, values, null);
    }
    throw new ArrowPayloadException(what + ": column '" + name + "' has Arrow type "
        + vector.getField().getType() + "; supported: utf8, int32, int64, float32, float64, bool,"
        + " fixed_size_list<float32>");
  }

  /**
   * Encodes and decodes a batch of every column type once, so allocator set-up and class loading
   * (hundreds of milliseconds on a cold JVM) happen at start-up instead of in the first request.
   */
  public static void warmUp() {
    ColumnBatch batch = ColumnBatch.of(
        Column.ofStrings("s", new String[] {"a"}), Column.ofInts("i", new int[] {1}),
        Column.ofLongs("l", new long[] {1}), Column.ofFloats("f", new float[] {1}),
        Column.ofDoubles("d", new double[] {1}), Column.ofBools("b", new boolean[] {true}),
        Column.ofTensor("t", new float[] {1, 2}, 2));
    decode(encode(batch), "warm-up");
  }

  /** A child allocator for code that builds Arrow vectors itself; close it when done. */
  public static BufferAllocator newAllocator(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /**
   * Copies a RecordBatch into a {@link ColumnBatch}; the root stays owned by the caller.
   *
   * @throws ArrowPayloadException for column types this codec does not carry
   */
  public static ColumnBatch toColumnBatch(VectorSchemaRoot root, String what) {
    return new ColumnBatch(root.getRowCount(), readColumns(root, what));
  }

  /** The Arrow schema a batch would be written with; handy for contract checks. */
  public static Schema schemaOf(ColumnBatch batch) {
    List<Field> fields = new ArrayList<>();
    try (BufferAllocator allocator = ROOT.newChildAllocator("schema", 0, Long.MAX_VALUE)) {
      for (Column column : batch.columns()) {
        try (FieldVector v = toVector(column, 0, allocator)) {
          fields.add(v.getField());
        }
      }
    }
    return new Schema(fields);
  }
}
