package dev.recsys.offline.twotower;

/**
 * User tower input for {@code size} users, in the ONNX contract's layout: one id per user for
 * {@code userIndex}, {@code gender}, {@code age}, {@code occupation}, and {@code historyLength}
 * item ids per user in {@code history} (row-major [size][historyLength], most recent first,
 * padded at the end with the model's history padding id). See {@link TwoTowerFeatures}.
 */
public record UserBatch(int size, int historyLength, int[] userIndex, int[] gender, int[] age, int[] occupation,
    int[] history) {

  public UserBatch {
    if (userIndex.length != size || gender.length != size || age.length != size || occupation.length != size) {
      throw new IllegalArgumentException("user batch of " + size + " has columns of lengths " + userIndex.length + ", "
          + gender.length + ", " + age.length + ", " + occupation.length);
    }
    if (history.length != (long) size * historyLength) {
      throw new IllegalArgumentException("user batch of " + size + " with history length " + historyLength
          + " needs " + (long) size * historyLength + " history ids, got " + history.length);
    }
  }

  /** Field order of the user tower: user id, gender, age, occupation, history. */
  int[][] fields() {
    return new int[][] {userIndex, gender, age, occupation, history};
  }
}
