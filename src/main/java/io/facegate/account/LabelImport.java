package io.facegate.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves the label images an earlier {@code LABELS_STORE=fs} left under {@code LABELS_DIR} into the database when the
 * store is now {@code db}: each image a face template still names goes into {@code label_images} under the same
 * name, and every file is then deleted (an image no template names is a leftover; so is any file of an account
 * that no longer exists). Without it, switching the store as the Deployment section advises made every account page
 * show broken pictures, the next pipeline change delete every template (its label image "missing"), and account
 * deletion and the cleanup leave the face images on disk for ever (a README-only tester).
 *
 * <p>Runs when the store is made, before anything reads it; idempotent (an image already in the table is not
 * inserted again), and safe with several instances starting at once (a name another instance inserted first is
 * taken as done).
 */
final class LabelImport {

    /**
     * @param imported images moved into the database
     * @param deleted  files deleted without import (named by no template)
     */
    record Result(int imported, int deleted) {
    }

    private LabelImport() {
    }

    /**
     * @param files the folder store of {@code LABELS_DIR} (read and emptied)
     * @param jdbc  the database ({@code face_templates}, {@code label_images})
     * @param clock UTC clock (the rows' {@code created_at})
     * @return what was moved and deleted
     * @throws UncheckedIOException if a folder cannot be read or a file deleted
     */
    static Result run(FileLabelStore files, JdbcTemplate jdbc, Clock clock) {
        int imported = 0;
        int deleted = 0;
        for (long userId : files.owners()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(files.folder(userId))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    var image = files.find(userId, name);
                    if (image.isPresent() && named(jdbc, userId, name)) {
                        if (insert(jdbc, clock, userId, name, image.get().bytes())) {
                            imported++;
                        }
                    } else {
                        deleted++;
                    }
                }
                files.deleteAll(userId);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot move the label images of user " + userId + " from "
                        + files.root() + " into the database.", e);
            }
        }
        return new Result(imported, deleted);
    }

    private static boolean named(JdbcTemplate jdbc, long userId, String name) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM face_templates WHERE user_id = ? AND label_image = ?",
                Integer.class, userId, name);
        return n != null && n > 0;
    }

    /** @return whether this call inserted the row (false: it was there already) */
    private static boolean insert(JdbcTemplate jdbc, Clock clock, long userId, String name, byte[] bytes) {
        Integer there = jdbc.queryForObject("SELECT COUNT(*) FROM label_images WHERE user_id = ? AND name = ?",
                Integer.class, userId, name);
        if (there != null && there > 0) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO label_images (user_id, name, image, created_at) VALUES (?, ?, ?, ?)", userId, name,
                    bytes, Timestamp.from(clock.instant()));
            return true;
        } catch (DataAccessException e) {
            Integer now = jdbc.queryForObject("SELECT COUNT(*) FROM label_images WHERE user_id = ? AND name = ?",
                    Integer.class, userId, name);
            if (now != null && now > 0) {
                return false; // another instance inserted it first
            }
            throw e;
        }
    }
}
