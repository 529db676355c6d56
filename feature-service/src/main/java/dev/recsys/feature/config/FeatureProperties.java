package dev.recsys.feature.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Feature service settings ({@code recsys.feature.*}).
 *
 * @param importDir a dataset directory written by the offline jobs; when set, its
 *     {@code features/users.csv}, {@code features/items.csv} and {@code interactions.csv} are
 *     loaded into empty tables at start-up. Unset: serve whatever the database holds.
 * @param recentItems how many recent positive items to keep per user
 * @param maxKeys most keys one GetFeatures call may ask for
 * @param grpcHost address the gRPC server binds
 * @param grpcPort gRPC port; 0 picks a free one
 */
@ConfigurationProperties("recsys.feature")
public record FeatureProperties(
    Path importDir,
    @DefaultValue("50") int recentItems,
    @DefaultValue("1000") int maxKeys,
    @DefaultValue("127.0.0.1") String grpcHost,
    @DefaultValue("9093") int grpcPort) {}
