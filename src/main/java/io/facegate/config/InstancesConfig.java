package io.facegate.config;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What lets several identical instances share one database: the ShedLock lock provider on the {@code shedlock}
 * table (Flyway {@code V4}), and a loud start-up warning when an instance runs on PostgreSQL (so probably next
 * to others) without a shared {@code SECRET_KEY} or with label images on its own disk.
 */
@Configuration(proxyBeanMethods = false)
public class InstancesConfig {

    private static final Logger log = LoggerFactory.getLogger(InstancesConfig.class);

    /**
     * @param dataSource the application's database
     * @param settings   which database it is
     * @return locks in the {@code shedlock} table; PostgreSQL uses the server's clock, SQLite (which ShedLock's
     *         database time does not support) the application's clock in UTC, and SQLite's duplicate-key error is
     *         translated ({@link SqliteDuplicateKeyTranslator}) so that a lock row left by an earlier run (or an
     *         earlier start) is updated instead of failing every run
     */
    @Bean
    public LockProvider lockProvider(DataSource dataSource, DatabaseSettings settings) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (settings.kind() == DatabaseSettings.Kind.SQLITE) {
            jdbc.setExceptionTranslator(new SqliteDuplicateKeyTranslator(jdbc.getExceptionTranslator()));
        }
        JdbcTemplateLockProvider.Configuration.Builder builder = JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .withTableName("shedlock");
        if (settings.kind() == DatabaseSettings.Kind.POSTGRESQL) {
            builder.usingDbTime();
        } else {
            builder.forceUtcTimeZone();
        }
        return new JdbcTemplateLockProvider(builder.build());
    }

    /**
     * Logs the warnings of {@link #multiInstanceWarnings} once the application is up.
     *
     * @param event ready event
     */
    @EventListener
    public void warnAtStart(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        DatabaseSettings settings = event.getApplicationContext().getBean(DatabaseSettings.class);
        FaceGateProperties properties = event.getApplicationContext().getBean(FaceGateProperties.class);
        for (String warning : multiInstanceWarnings(settings, properties, env.getProperty("facegate.labels-store", "fs"))) {
            log.warn("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                    + "!! {}\n"
                    + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", warning);
        }
    }

    /**
     * @param settings    database
     * @param properties  settings
     * @param labelsStore {@code fs} or {@code db}
     * @return the sentences to warn with (none on SQLite, which one instance uses alone)
     */
    public static List<String> multiInstanceWarnings(DatabaseSettings settings, FaceGateProperties properties,
                                                               String labelsStore) {
        List<String> warnings = new ArrayList<>();
        if (settings.kind() != DatabaseSettings.Kind.POSTGRESQL) {
            return warnings;
        }
        if (properties.secretKey() == null || properties.secretKey().isBlank()) {
            warnings.add("PostgreSQL without SECRET_KEY: each instance keys remember-me authentications with its "
                    + "own random key (the \"keep me signed in\" tokens are in the database and work anyway). "
                    + "Give every instance the same long random SECRET_KEY.");
        }
        if (!"db".equalsIgnoreCase(labelsStore)) {
            warnings.add("PostgreSQL with LABELS_STORE=fs: face images are kept on this instance's disk, which "
                    + "other instances cannot see and a PaaS wipes at every deploy. Set LABELS_STORE=db.");
        }
        return warnings;
    }
}
