package dev.recsys.codegen.schema;

/**
 * The type of a feature column. Sealed so that every generator must handle every shape; a new
 * shape is a compile error in each generator rather than a silent fall-through.
 */
public sealed interface FieldType {

  /** The type as written in the schema, normalised (no spaces), e.g. {@code map<string,long>}. */
  String spelling();

  /** A single value. */
  record Scalar(ScalarKind kind) implements FieldType {
    @Override
    public String spelling() {
      return kind.spelling();
    }
  }

  /** {@code list<T>} with a scalar element type. */
  record ListOf(ScalarKind element) implements FieldType {
    @Override
    public String spelling() {
      return "list<" + element.spelling() + ">";
    }
  }

  /** {@code map<string,T>}; keys are always strings. */
  record MapOf(ScalarKind value) implements FieldType {
    @Override
    public String spelling() {
      return "map<string," + value.spelling() + ">";
    }
  }

  /** {@code vector<float,N>}: a dense float embedding of a fixed dimension. */
  record VectorOf(int dimension) implements FieldType {
    public static final int MAX_DIMENSION = 65536;

    public VectorOf {
      if (dimension < 1 || dimension > MAX_DIMENSION) {
        throw new IllegalArgumentException("vector dimension out of range: " + dimension);
      }
    }

    @Override
    public String spelling() {
      return "vector<float," + dimension + ">";
    }
  }
}
