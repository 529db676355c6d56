package dev.recsys.gateway.web;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/recommend/{scene}}.
 *
 * @param userId who the recommendations are for (required, 1 to 128 characters)
 * @param count how many items to return (1 to 500; default 10)
 * @param context free-form request context (device, page, ...), passed along for logging
 */
public record RecommendRequest(String userId, Integer count, Map<String, Object> context) {}
