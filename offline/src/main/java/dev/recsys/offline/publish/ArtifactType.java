package dev.recsys.offline.publish;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a published artifact is; the spelling is the one model-registry's metadata uses. */
public enum ArtifactType {
  ONNX("onnx"),
  LIGHTGBM("lightgbm"),
  I2I_TABLE("i2i-table"),
  ANN_INDEX("ann-index"),
  TRANSFORM_SPEC("transform-spec");

  private final String label;

  ArtifactType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ArtifactType parse(String s) {
    for (ArtifactType t : values()) {
      if (t.label.equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown artifact type '" + s + "'; expected one of "
        + Arrays.stream(values()).map(ArtifactType::label).collect(Collectors.joining(", ")));
  }
}
