package dev.recsys.codegen.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FieldType;
import dev.recsys.codegen.schema.ScalarKind;

/**
 * Schema type -> Java, JPA and Arrow pieces. The one place that knows the type mapping table in
 * README.md; generators ask here rather than switch on types themselves.
 */
final class JavaTypes {
  private JavaTypes() {}

  static final ClassName STRING = ClassName.get(String.class);
  static final ClassName INSTANT = ClassName.get("java.time", "Instant");
  static final ClassName BIG_DECIMAL = ClassName.get("java.math", "BigDecimal");
  static final ClassName LIST = ClassName.get("java.util", "List");
  static final ClassName MAP = ClassName.get("java.util", "Map");
  static final ClassName UTF_8_HOLDER = ClassName.get("java.nio.charset", "StandardCharsets");

  static final String ARROW = "org.apache.arrow.vector";
  static final ClassName ARROW_TYPE = ClassName.get(ARROW + ".types.pojo", "ArrowType");
  static final ClassName ARROW_FIELD = ClassName.get(ARROW + ".types.pojo", "Field");
  static final ClassName ARROW_FIELD_TYPE = ClassName.get(ARROW + ".types.pojo", "FieldType");
  static final ClassName ARROW_SCHEMA = ClassName.get(ARROW + ".types.pojo", "Schema");
  static final ClassName FIELD_VECTOR = ClassName.get(ARROW, "FieldVector");
  static final ClassName ROOT = ClassName.get(ARROW, "VectorSchemaRoot");
  static final ClassName ALLOCATOR = ClassName.get("org.apache.arrow.memory", "BufferAllocator");
  static final ClassName LIST_VECTOR = ClassName.get(ARROW + ".complex", "ListVector");
  static final ClassName MAP_VECTOR = ClassName.get(ARROW + ".complex", "MapVector");
  static final ClassName STRUCT_VECTOR = ClassName.get(ARROW + ".complex", "StructVector");
  static final ClassName FIXED_LIST_VECTOR = ClassName.get(ARROW + ".complex", "FixedSizeListVector");
  static final ClassName FLOAT4_VECTOR = ClassName.get(ARROW, "Float4Vector");
  static final ClassName VARCHAR_VECTOR = ClassName.get(ARROW, "VarCharVector");

  /** Java type of an entity field. Non-null numeric/bool scalars are primitives (no boxing). */
  static TypeName fieldType(ColumnDef c) {
    FieldType t = c.type();
    if (t instanceof FieldType.Scalar s) {
      return c.nullable() ? boxed(s.kind()) : primitiveOrClass(s.kind());
    } else if (t instanceof FieldType.ListOf l) {
      return ParameterizedTypeName.get(LIST, boxed(l.element()));
    } else if (t instanceof FieldType.MapOf m) {
      return ParameterizedTypeName.get(MAP, STRING, boxed(m.value()));
    } else {
      return ArrayTypeName.of(TypeName.FLOAT);
    }
  }

  static boolean isPrimitive(ColumnDef c) {
    return fieldType(c).isPrimitive();
  }

  static TypeName primitiveOrClass(ScalarKind k) {
    return switch (k) {
      case BOOL -> TypeName.BOOLEAN;
      case INT -> TypeName.INT;
      case LONG -> TypeName.LONG;
      case FLOAT -> TypeName.FLOAT;
      case DOUBLE -> TypeName.DOUBLE;
      case STRING -> STRING;
      case TIMESTAMP -> INSTANT;
      case DECIMAL -> BIG_DECIMAL;
    };
  }

  static TypeName boxed(ScalarKind k) {
    return primitiveOrClass(k).box();
  }

  /** Name of the JPA converter for a non-scalar type, nested in FeatureConverters. */
  static String converterName(FieldType t) {
    if (t instanceof FieldType.ListOf l) {
      return l.element().pascal() + "ListConverter";
    } else if (t instanceof FieldType.MapOf m) {
      return "String" + m.value().pascal() + "MapConverter";
    } else if (t instanceof FieldType.VectorOf) {
      return "FloatVectorConverter";
    }
    return null;
  }

  /** Java expression for a default literal (already validated by the parser). */
  static CodeBlock defaultLiteral(ScalarKind k, String text) {
    return switch (k) {
      // Re-rendered through the parsers so "007" does not become an octal literal.
      case BOOL -> CodeBlock.of("$L", text);
      case INT -> CodeBlock.of("$L", Integer.parseInt(text));
      case DOUBLE -> CodeBlock.of("$L", Double.toString(Double.parseDouble(text)));
      case LONG -> CodeBlock.of("$LL", Long.parseLong(text));
      case FLOAT -> CodeBlock.of("$Lf", Float.toString(Float.parseFloat(text)));
      case STRING -> CodeBlock.of("$S", text);
      case TIMESTAMP -> CodeBlock.of("$T.parse($S)", INSTANT, text);
      case DECIMAL -> CodeBlock.of("new $T($S)", BIG_DECIMAL, text);
    };
  }

  /** Arrow vector class holding values of a scalar kind. */
  static ClassName vector(ScalarKind k) {
    return ClassName.get(ARROW, switch (k) {
      case BOOL -> "BitVector";
      case INT -> "IntVector";
      case LONG -> "BigIntVector";
      case FLOAT -> "Float4Vector";
      case DOUBLE -> "Float8Vector";
      case STRING -> "VarCharVector";
      case TIMESTAMP -> "TimeStampMicroTZVector";
      case DECIMAL -> "DecimalVector";
    });
  }

  /** Arrow vector class of a whole column. */
  static ClassName columnVector(ColumnDef c) {
    FieldType t = c.type();
    if (t instanceof FieldType.Scalar s) {
      return vector(s.kind());
    } else if (t instanceof FieldType.ListOf) {
      return LIST_VECTOR;
    } else if (t instanceof FieldType.MapOf) {
      return MAP_VECTOR;
    }
    return FIXED_LIST_VECTOR;
  }

  /** Arrow type expression of a scalar kind. */
  static CodeBlock arrowType(ScalarKind k, int precision, int scale) {
    ClassName precisionType = ClassName.get(ARROW + ".types", "FloatingPointPrecision");
    return switch (k) {
      case BOOL -> CodeBlock.of("$T.Bool.INSTANCE", ARROW_TYPE);
      case INT -> CodeBlock.of("new $T.Int(32, true)", ARROW_TYPE);
      case LONG -> CodeBlock.of("new $T.Int(64, true)", ARROW_TYPE);
      case FLOAT -> CodeBlock.of("new $T.FloatingPoint($T.SINGLE)", ARROW_TYPE, precisionType);
      case DOUBLE -> CodeBlock.of("new $T.FloatingPoint($T.DOUBLE)", ARROW_TYPE, precisionType);
      case STRING -> CodeBlock.of("$T.Utf8.INSTANCE", ARROW_TYPE);
      case TIMESTAMP -> CodeBlock.of("new $T.Timestamp($T.MICROSECOND, $S)", ARROW_TYPE,
          ClassName.get(ARROW + ".types", "TimeUnit"), "UTC");
      case DECIMAL -> CodeBlock.of("new $T.Decimal($L, $L, 128)", ARROW_TYPE, precision, scale);
    };
  }

  /** Statement storing {@code value} (of the Java type for k) at {@code index} of {@code vector}. */
  static CodeBlock arrowSet(ScalarKind k, String vector, String index, String value, ClassName support) {
    return switch (k) {
      case BOOL -> CodeBlock.of("$L.setSafe($L, $L ? 1 : 0)", vector, index, value);
      case INT, LONG, FLOAT, DOUBLE -> CodeBlock.of("$L.setSafe($L, $L)", vector, index, value);
      case STRING -> CodeBlock.of("$L.setSafe($L, $L.getBytes($T.UTF_8))", vector, index, value, UTF_8_HOLDER);
      case TIMESTAMP -> CodeBlock.of("$L.setSafe($L, $T.toMicros($L))", vector, index, support, value);
      case DECIMAL -> CodeBlock.of("$L.setSafe($L, $T.scaled($L, $L.getScale()))", vector, index, support, value, vector);
    };
  }

  /** Expression reading the (non-null) value at {@code index} of {@code vector} as the Java type for k. */
  static CodeBlock arrowGet(ScalarKind k, String vector, String index, ClassName support) {
    return switch (k) {
      case BOOL -> CodeBlock.of("$L.get($L) != 0", vector, index);
      case INT, LONG, FLOAT, DOUBLE -> CodeBlock.of("$L.get($L)", vector, index);
      case STRING -> CodeBlock.of("new $T($L.get($L), $T.UTF_8)", STRING, vector, index, UTF_8_HOLDER);
      case TIMESTAMP -> CodeBlock.of("$T.fromMicros($L.get($L))", support, vector, index);
      case DECIMAL -> CodeBlock.of("$L.getObject($L)", vector, index);
    };
  }
}
