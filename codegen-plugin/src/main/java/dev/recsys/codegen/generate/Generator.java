package dev.recsys.codegen.generate;

import com.palantir.javapoet.JavaFile;
import java.util.List;

/**
 * Turns the validated model into Java sources of one kind. Generators are pure: no I/O, no
 * clock, output depends only on the model, so the coordinator can generate everything in memory
 * before writing anything and golden tests can compare bytes.
 */
public interface Generator {

  /** Stable name used in logs. */
  String name();

  List<JavaFile> generate(CodegenModel model);
}
