package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbeddingsTest {

  @TempDir
  Path dir;

  private final ItemEmbeddings table = new ItemEmbeddings(List.of("10", "20", "30"), 2,
      new float[] {1f, 0f, 0.6f, -0.8f, 0f, 1f});

  @Test
  void writesLittleEndianRowMajorFloatsAndReadsThemBack() throws Exception {
    table.write(dir);
    byte[] data = Files.readAllBytes(dir.resolve(ItemEmbeddings.DATA));
    assertThat(data).hasSize(3 * 2 * 4);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getFloat(2 * 4)).isEqualTo(0.6f);
    assertThat(b.getFloat(3 * 4)).isEqualTo(-0.8f);
    ItemEmbeddings read = ItemEmbeddings.read(dir);
    assertThat(read.ids()).containsExactly("10", "20", "30");
    assertThat(read.vectors()).containsExactly(table.vectors());
    assertThat(Files.readString(dir.resolve(ItemEmbeddings.HEADER)))
        .contains("\"format\": \"float32-le\"", "\"dim\": 2", "\"count\": 3");
  }

  @Test
  void readRejectsATruncatedOrAlteredDataFileNamingIt() throws Exception {
    table.write(dir);
    Path data = dir.resolve(ItemEmbeddings.DATA);
    byte[] bytes = Files.readAllBytes(data);
    bytes[0] ^= 1;
    Files.write(data, bytes);
    assertThatThrownBy(() -> ItemEmbeddings.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(data.toString()).hasMessageContaining("sha256");
    Files.write(data, new byte[5]);
    assertThatThrownBy(() -> ItemEmbeddings.read(dir))
        .hasMessageContaining("5 bytes, expected count 3 * dim 2 * 4 = 24");
  }

  @Test
  void rejectsVectorsThatDoNotFillTheRows() {
    assertThatThrownBy(() -> new ItemEmbeddings(List.of("a"), 3, new float[2]))
        .hasMessage("1 item ids with dim 3 need 3 floats, got 2");
  }
}
