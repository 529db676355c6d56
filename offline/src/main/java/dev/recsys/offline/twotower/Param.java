package dev.recsys.offline.twotower;

import java.util.Arrays;

/**
 * One trainable tensor, flat and row-major, with its gradient accumulator and Adam moments.
 * Embedding tables also track which rows the current step touched, so the optimizer updates only
 * those (lazy Adam) and the dense gradient buffer is cleared row by row. Not thread-safe: the
 * trainer writes gradients here from one thread after reducing per-thread buffers.
 */
final class Param {

  final String name;
  final int rows;
  final int cols;
  final float[] value;
  final float[] grad;
  final float[] m;
  final float[] v;
  private final boolean[] touched;
  private final int[] touchedRows;
  private int touchedCount;

  Param(String name, int rows, int cols, boolean sparse) {
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.value = new float[rows * cols];
    this.grad = new float[rows * cols];
    this.m = new float[rows * cols];
    this.v = new float[rows * cols];
    this.touched = sparse ? new boolean[rows] : null;
    this.touchedRows = sparse ? new int[rows] : null;
  }

  boolean sparse() {
    return touched != null;
  }

  /** Adds {@code scale * src[srcOff .. srcOff+cols)} to the gradient of {@code row}. */
  void addRowGrad(int row, float[] src, int srcOff, float scale) {
    if (!touched[row]) {
      touched[row] = true;
      touchedRows[touchedCount++] = row;
    }
    int o = row * cols;
    for (int c = 0; c < cols; c++) {
      grad[o + c] += scale * src[srcOff + c];
    }
  }

  int touchedCount() {
    return touchedCount;
  }

  int touchedRow(int i) {
    return touchedRows[i];
  }

  void zeroGrad() {
    if (touched == null) {
      Arrays.fill(grad, 0f);
      return;
    }
    for (int i = 0; i < touchedCount; i++) {
      int r = touchedRows[i];
      touched[r] = false;
      Arrays.fill(grad, r * cols, (r + 1) * cols, 0f);
    }
    touchedCount = 0;
  }
}
