package dev.recsys.rank.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rank service settings ({@code recsys.rank.*}).
 *
 * @param modelsDir model folder in the registry's local layout: {@code <name>/<version>/} holding
 *     the artifact and {@code metadata.json}; the highest version of each name is served
 * @param defaultModel model used when a request names none
 * @param featureService {@code host:port} of the feature service's gRPC server
 * @param featureDeadlineMs deadline for one feature lookup
 * @param maxCandidates most candidates one Rank call may carry
 * @param grpcHost address the gRPC server binds
 * @param grpcPort gRPC port; 0 picks a free one
 */
@ConfigurationProperties("recsys.rank")
public record RankProperties(
    Path modelsDir,
    @DefaultValue("lightgbm") String defaultModel,
    @DefaultValue("127.0.0.1:9093") String featureService,
    @DefaultValue("300") long featureDeadlineMs,
    @DefaultValue("1000") int maxCandidates,
    @DefaultValue("127.0.0.1") String grpcHost,
    @DefaultValue("9092") int grpcPort) {}
