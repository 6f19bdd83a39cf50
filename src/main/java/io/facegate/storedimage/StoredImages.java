package io.facegate.storedimage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.facegate.account.LabelStore;
import io.facegate.config.FaceGateProperties;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;

/**
 * Refuses a login frame that is a stored label image of any account: the same decoded pixels
 * ({@link PixelDigest}), so the label PNG fetched from the account page (or read from disk) and sent back byte for
 * byte, or re-saved losslessly, logs nobody in. A real camera never gives the same pixels twice (consecutive
 * frames of the shared blink clip differ by ≥ 0.51 levels on average; see {@code face.SamePicture}), so genuine
 * frames are never refused.
 *
 * <p>Holds the digests of every account's label images, keyed by owner and label name. Each check first reads the
 * newest id of the gallery change log ({@code gallery_changes}, written in every transaction that changes
 * templates, on any instance: see {@code account.GallerySync}); when it moved, or every
 * {@code facegate.face.gallery-sync-interval} (2 s) anyway, the label names are read again from
 * {@code face_templates}, a new label is decoded once (from the {@link LabelStore}; no face detection) and a
 * deleted one forgotten. So a label stored a moment ago on any instance is known at the next login. Thread-safe.
 *
 * <p>Not caught (measured, see README *Data and security*): copies re-encoded as JPEG, rescaled or cropped.
 */
@Component
public class StoredImages {

    /** The 422 code of a refused frame. */
    public static final String CODE = "stored_image";
    /** The sentence of a refused frame. */
    public static final String MESSAGE = "This picture is a stored face image, not a camera frame: look at the camera"
            + " and try again.";

    private static final Logger log = LoggerFactory.getLogger(StoredImages.class);

    private record Label(long userId, String name) {
    }

    private final JdbcTemplate jdbc;
    private final LabelStore labels;
    private final ImageDecoder decoder;
    private final Duration interval;
    /** Digest per label; replaced as a whole under {@code this}. */
    private volatile Map<Label, PixelDigest> digests = Map.of();
    private volatile Set<PixelDigest> stored = Set.of();
    private volatile long refreshedNanos;
    private volatile boolean loaded;
    /** The newest change-log id when the labels were last read (null: the log was empty). */
    private volatile Long seenChange;

    /**
     * @param jdbc       database access ({@code face_templates})
     * @param labels     where label images are kept
     * @param decoder    the upload decoder (the same decoding as a login frame's)
     * @param properties {@code facegate.face.gallery-sync-interval}
     */
    public StoredImages(JdbcTemplate jdbc, LabelStore labels, ImageDecoder decoder, FaceGateProperties properties) {
        this.jdbc = jdbc;
        this.labels = labels;
        this.decoder = decoder;
        this.interval = properties.face().gallerySyncInterval();
    }

    /**
     * @param frame a decoded login frame
     * @return whether it has the pixels of a stored label image of any account
     */
    public boolean isStored(RgbImage frame) {
        refreshIfDue();
        return stored.contains(PixelDigest.of(frame));
    }

    /**
     * For one challenge answer: the label images are brought up to date once, then every frame the answer's
     * analysis has already decoded is looked up (no second decode, no query per frame).
     *
     * @return whether a decoded frame has the pixels of a stored label image of any account
     */
    public Predicate<RgbImage> matcher() {
        refreshIfDue();
        Set<PixelDigest> now = stored;
        return frame -> {
            boolean copy = now.contains(PixelDigest.of(frame));
            if (copy) {
                log.warn("Login refused: a frame is a stored label image");
            }
            return copy;
        };
    }

    private void refreshIfDue() {
        Long latest = latestChange();
        if (fresh(latest)) {
            return;
        }
        synchronized (this) {
            if (!fresh(latest)) {
                refresh(latest);
            }
        }
    }

    private boolean fresh(Long latest) {
        return loaded && Objects.equals(latest, seenChange) && System.nanoTime() - refreshedNanos < interval.toNanos();
    }

    private Long latestChange() {
        return jdbc.queryForObject("SELECT MAX(id) FROM gallery_changes", Long.class);
    }



    /**
     * Reads the label names now; decodes the new labels and forgets the deleted ones.
     *
     * @param latest the change-log id read before (a change committed meanwhile triggers the next refresh)
     */
    private synchronized void refresh(Long latest) {
        List<Label> now = jdbc.query("SELECT user_id, label_image FROM face_templates WHERE label_image IS NOT NULL",
                (rs, n) -> new Label(rs.getLong(1), rs.getString(2)));
        Map<Label, PixelDigest> old = digests;
        Map<Label, PixelDigest> fresh = new HashMap<>();
        for (Label label : now) {
            PixelDigest known = old.get(label);
            if (known != null) {
                fresh.put(label, known);
                continue;
            }
            labels.find(label.userId(), label.name()).ifPresent(image -> {
                try {
                    fresh.put(label, PixelDigest.of(decoder.decode(image.bytes())));
                } catch (ImageRejectedException e) {
                    log.warn("Label image {} of user {} cannot be decoded: {}", label.name(), label.userId(),
                            e.getMessage());
                }
            });
        }
        digests = Map.copyOf(fresh);
        stored = Set.copyOf(fresh.values());
        refreshedNanos = System.nanoTime();
        seenChange = latest;
        loaded = true;
    }
}
