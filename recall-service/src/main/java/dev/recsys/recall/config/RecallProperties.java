package dev.recsys.recall.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recall service settings ({@code recsys.recall.*}).
 *
 * @param dataDir dataset directory written by the offline jobs (reads {@code popular/popular.csv})
 * @param featureService {@code host:port} of the feature service's gRPC server
 * @param featureDeadlineMs deadline for the recent-items lookup; past it, recall goes on without
 *     excluding the user's recent items
 * @param maxQuota most candidates one source may be asked for
 * @param grpcHost address the gRPC server binds
 * @param grpcPort gRPC port; 0 picks a free one
 */
@ConfigurationProperties("recsys.recall")
public record RecallProperties(
    Path dataDir,
    @DefaultValue("127.0.0.1:9093") String featureService,
    @DefaultValue("100") long featureDeadlineMs,
    @DefaultValue("1000") int maxQuota,
    @DefaultValue("127.0.0.1") String grpcHost,
    @DefaultValue("9091") int grpcPort) {}
