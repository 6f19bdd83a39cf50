package io.facegate.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Label images in the database ({@code LABELS_STORE=db}): table {@code label_images} (Flyway {@code V4}), one row
 * per image, {@code (user_id, name)} as key, the bytes in {@code image}. Every instance sees the same images and a
 * redeploy keeps them; rows go with their user ({@code ON DELETE CASCADE}). Writes join the caller's transaction,
 * so an image and its template row are committed or rolled back together.
 */
public class DatabaseLabelStore implements LabelStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /**
     * @param jdbc  the application's database
     * @param clock UTC clock (for {@code created_at})
     */
    public DatabaseLabelStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String save(long userId, byte[] image) {
        String name = LabelStore.newName(image);
        jdbc.update("INSERT INTO label_images (user_id, name, image, created_at) VALUES (?, ?, ?, ?)",
                userId, name, image, Timestamp.from(clock.instant()));
        return name;
    }

    @Override
    public Optional<LabelImage> find(long userId, String name) {
        if (!LabelStore.isName(name)) {
            return Optional.empty();
        }
        List<byte[]> rows = jdbc.query("SELECT image FROM label_images WHERE user_id = ? AND name = ?",
                (rs, i) -> rs.getBytes(1), userId, name);
        return rows.stream().findFirst().map(bytes -> new LabelImage(name, bytes));
    }

    @Override
    public void delete(long userId, String name) {
        if (LabelStore.isName(name)) {
            jdbc.update("DELETE FROM label_images WHERE user_id = ? AND name = ?", userId, name);
        }
    }

    @Override
    public boolean deleteAll(long userId) {
        return jdbc.update("DELETE FROM label_images WHERE user_id = ?", userId) > 0;
    }

    @Override
    public List<Long> owners() {
        return jdbc.queryForList("SELECT DISTINCT user_id FROM label_images", Long.class);
    }
}
