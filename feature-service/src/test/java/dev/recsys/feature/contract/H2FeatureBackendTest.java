package dev.recsys.feature.contract;

import org.springframework.test.context.TestPropertySource;

/** The backend contract on H2, the embedded default (in memory here; a file under recsys.home in use). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:feature-contract;DB_CLOSE_DELAY=-1")
class H2FeatureBackendTest extends FeatureBackendContract {}
