package dev.recsys.feature.write;

/**
 * One thing a user did with an item, as both the gRPC {@code IngestEvents} call and the JSON
 * body of {@code POST /api/v1/events} carry it.
 *
 * @param type {@code "impression"} or {@code "click"}
 * @param timestampMs when it happened, epoch milliseconds
 */
public record Event(String userId, String itemId, String type, long timestampMs) {

  public static final String IMPRESSION = "impression";
  public static final String CLICK = "click";

  public boolean isClick() {
    return CLICK.equals(type);
  }
}
