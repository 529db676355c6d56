package dev.recsys.experiment;

/**
 * Which arm one layer picked for a unit.
 *
 * @param bucket the unit's bucket in this layer (0..9999), also reported when the arm was forced
 * @param forced whether the arm came from a forced assignment rather than the bucket
 */
public record LayerAssignment(String layer, String arm, String experiment, int bucket, boolean forced) {}
