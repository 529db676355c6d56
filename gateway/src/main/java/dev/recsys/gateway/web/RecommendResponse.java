package dev.recsys.gateway.web;

import java.util.List;
import java.util.Map;

/**
 * Answer of the recommend API.
 *
 * @param arms the arm each layer picked, in layer order
 * @param degraded whether some stage fell back (then {@code degradedStages} names them)
 */
public record RecommendResponse(String requestId, String scene, String userId, List<Item> items,
    Map<String, String> arms, String configVersion, boolean degraded, List<String> degradedStages) {

  public record Item(String itemId, double score, String source) {}
}
