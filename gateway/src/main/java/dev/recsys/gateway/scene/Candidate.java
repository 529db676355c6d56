package dev.recsys.gateway.scene;

/** One item on its way through a scene: id, the latest score and who produced it. */
public record Candidate(String itemId, double score, String source) {}
