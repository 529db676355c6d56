package dev.recsys.offline.data;

/** A dataset in memory: users, items, and interactions that reference them by row index. */
public record Dataset(Users users, Items items, Interactions interactions) {}
