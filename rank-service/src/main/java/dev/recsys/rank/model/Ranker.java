package dev.recsys.rank.model;

/**
 * A loaded model that scores rows of the model input contract. Implementations are immutable
 * and thread-safe; {@link #close()} frees native memory and is called once no request uses it.
 */
public interface Ranker extends AutoCloseable {

  /** Model name, e.g. "lightgbm". */
  String name();

  /** Version as published, e.g. "1". */
  String version();

  /** Scores {@code rows} row-major rows of {@code width} features; higher is better. */
  double[] score(float[] rowMajor, int rows, int width);

  @Override
  void close();
}
