package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.facegate.support.WebTestBase;

/**
 * Switching {@code LABELS_STORE} from {@code fs} to {@code db}: the images a face template names move into the
 * database under the same name, and no face image stays on disk (a README-only tester's switch left every account
 * page with broken pictures and the images on disk after the accounts were deleted). Real database (SQLite), real
 * folder store.
 */
class LabelImportTest extends WebTestBase {

    @TempDir
    Path labels;
    @Autowired
    JdbcTemplate jdbc;

    /** A 1×1 PNG (what the folder store keeps; the name's extension follows the bytes). */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    @Test
    void theImagesTemplatesNameMoveIntoTheDatabaseAndNoFileStays() throws Exception {
        String name = uniqueName();
        register(name);
        long userId = users.findByUsernameKey(UserAccount.keyOf(name)).orElseThrow().getId();
        FileLabelStore files = new FileLabelStore(labels);
        String kept = files.save(userId, PNG);
        String leftover = files.save(userId, PNG);
        files.save(987_654_321L, PNG); // a folder of an account that no longer exists
        jdbc.update("INSERT INTO face_templates (user_id, descriptor, pipeline_version, label_image, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", userId, new byte[512], "test", kept, Timestamp.from(Instant.now()));
        try {
            LabelImport.Result result = LabelImport.run(files, jdbc, Clock.systemUTC());

            assertThat(result).isEqualTo(new LabelImport.Result(1, 2));
            assertThat(new DatabaseLabelStore(jdbc, Clock.systemUTC()).find(userId, kept).orElseThrow().bytes())
                    .isEqualTo(PNG);
            assertThat(new DatabaseLabelStore(jdbc, Clock.systemUTC()).find(userId, leftover)).isEmpty();
            try (var left = Files.list(labels)) {
                assertThat(left).isEmpty();
            }
            assertThat(LabelImport.run(files, jdbc, Clock.systemUTC())).isEqualTo(new LabelImport.Result(0, 0));
        } finally {
            jdbc.update("DELETE FROM face_templates WHERE user_id = ?", userId);
            jdbc.update("DELETE FROM label_images WHERE user_id = ?", userId);
        }
    }
}
