package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chooses the {@link LabelStore} from {@code LABELS_STORE} ({@code facegate.labels-store}): {@code fs} or {@code db}. */
@Configuration(proxyBeanMethods = false)
public class LabelStoreConfig {

    private static final Logger log = LoggerFactory.getLogger(LabelStoreConfig.class);

    /**
     * @param kind       {@code fs} (default) or {@code db}
     * @param properties settings ({@code LABELS_DIR} for {@code fs}; with {@code db}, images a folder store left
     *                   there are moved into the database first, {@link LabelImport})
     * @param jdbc       the database (for {@code db})
     * @param clock      UTC clock
     * @return the store
     * @throws IllegalArgumentException for any other value
     */
    @Bean
    LabelStore labelStore(@Value("${facegate.labels-store:fs}") String kind, FaceGateProperties properties,
                          JdbcTemplate jdbc, Clock clock) {
        switch (checkKind(kind)) {
            case "fs" -> {
                FileLabelStore store = new FileLabelStore(properties);
                store.prepare();
                log.info("Label images: folder {} (LABELS_STORE=fs)", store.root());
                return store;
            }
            case "db" -> {
                log.info("Label images: table label_images (LABELS_STORE=db)");
                if (Files.isDirectory(properties.labelsDir())) {
                    LabelImport.Result moved = LabelImport.run(new FileLabelStore(properties), jdbc, clock);
                    if (moved.imported() + moved.deleted() > 0) {
                        log.warn("Label images: {} moved from the folder {} into the database (LABELS_STORE=db, "
                                + "the folder store before), {} leftover file(s) deleted", moved.imported(),
                                properties.labelsDir(), moved.deleted());
                    }
                }
                return new DatabaseLabelStore(jdbc, clock);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /**
     * @param kind {@code facegate.labels-store} as given
     * @return {@code fs} (also for an empty value) or {@code db}
     * @throws io.facegate.config.InvalidSettingException for any other value
     */
    public static String checkKind(String kind) {
        String k = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "fs", "" -> "fs";
            case "db" -> "db";
            default -> throw new io.facegate.config.InvalidSettingException("LABELS_STORE is '" + kind
                    + "'; use fs (files under LABELS_DIR) or db (in the database, for several instances or a PaaS).");
        };
    }
}
