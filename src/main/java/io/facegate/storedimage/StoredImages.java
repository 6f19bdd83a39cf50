package io.facegate.storedimage;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.facegate.account.FaceTemplate;
import io.facegate.account.LabelStore;
import io.facegate.account.LabelThumbnail;
import io.facegate.config.FaceGateProperties;
import io.facegate.face.Face;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import io.facegate.face.match.Descriptors;

/**
 * Refuses a login frame that is a stored label image of any account, or a near-duplicate of one: the same decoded
 * pixels ({@link PixelDigest}: the label PNG fetched from the account page or read from disk, sent back byte for
 * byte or re-saved losslessly), or the label re-encoded as JPEG, rescaled, cropped, mirrored, tone-changed, or its
 * thumbnail scaled up ({@link NearCopy}: a copy is the label under one similarity transform and one tone curve plus
 * codec noise spread over the face; a new camera frame differs somewhere in the face by a localised change).
 *
 * <p>Holds, per account label image, the digest of its pixels and its template's descriptor. Each check first
 * reads the newest id of the gallery change log ({@code gallery_changes}, written in every transaction that
 * changes templates, on any instance: see {@code account.GallerySync}); when it moved, or every
 * {@code facegate.face.gallery-sync-interval} (2 s) anyway, the label names are read again from
 * {@code face_templates}, a new label is decoded once (from the {@link LabelStore}; no face detection) and a
 * deleted one forgotten. So a label stored a moment ago on any instance is known at the next login.
 *
 * <p>The near-duplicate comparison costs a few ms per label, so a frame is compared only with the
 * {@value #NEAREST} labels whose template descriptors are nearest to the frame's face, and only those within
 * {@value #DESCRIPTOR_DISTANCE} (a copy's descriptor stays within 0.3 of its label's, measured in
 * {@code NearCopyFigures}; a copy farther than the verification threshold from every template of the label's
 * account cannot log in to it anyway), and only when the frame's face shape could be a copy of that label's
 * ({@link LandmarkShape#couldBeCopy}: a copy has the label's landmarks under one affine map, plain or mirrored; a
 * frame of the head turned away from the label's pose has not, and is not compared with it). Once a frame is as
 * close as a copy to a label, it is compared with the account's other nearest labels whatever their shape (the
 * sibling test of {@link NearCopy#isCopy}), as before. A label's face region is prepared when first needed (one
 * face analysis) and kept in a cache of the {@value #PREPARED} most recently used. Thread-safe.
 */
@Component
public class StoredImages {

    /** The 422 code of a refused frame. */
    public static final String CODE = "stored_image";
    /** The sentence of a refused frame. */
    public static final String MESSAGE = "This picture is a stored face image, not a camera frame: look at the camera"
            + " and try again.";

    private static final Logger log = LoggerFactory.getLogger(StoredImages.class);

    /** How many labels, nearest by descriptor, a frame is compared with pixel by pixel. */
    static final int NEAREST = 3;
    /** Largest descriptor distance of a label compared with a frame (face-api.js's usual same-person bound). */
    static final double DESCRIPTOR_DISTANCE = 0.6;
    /**
     * Prepared label regions kept (each ≈ 24 bytes per pixel of the region, label and mirror image: ≈ 2 MB for a
     * face 250 px wide).
     */
    static final int PREPARED = 16;

    private record Label(long userId, String name) {
    }

    /** What is known of a label without decoding it again: its pixels' digest and its template's descriptor. */
    private record Known(PixelDigest digest, float[] descriptor) {
    }

    private final JdbcTemplate jdbc;
    private final LabelStore labels;
    private final ImageDecoder decoder;
    private final FrameAnalyzer analyzer;
    private final Duration interval;
    /** The analyzer's pipeline (its landmarks' scatter sets the shape bound, {@link LandmarkShape#bound}). */
    private final Pipeline pipeline;
    /** Digest and descriptor per label; replaced as a whole under {@code this}. */
    private volatile Map<Label, Known> digests = Map.of();
    private volatile Set<PixelDigest> stored = Set.of();
    private volatile long refreshedNanos;
    private volatile boolean loaded;
    /** The newest change-log id when the labels were last read (null: the log was empty). */
    private volatile Long seenChange;
    /** Prepared label regions, least recently used first; guarded by itself. */
    private final Map<Label, NearCopy.Label> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Label, NearCopy.Label> eldest) {
            return size() > PREPARED;
        }
    };

    /**
     * @param jdbc       database access ({@code face_templates})
     * @param labels     where label images are kept
     * @param decoder    the upload decoder (the same decoding as a login frame's)
     * @param analyzer   finds a label's face landmarks when it is first compared
     * @param properties {@code facegate.face.gallery-sync-interval}
     */
    public StoredImages(JdbcTemplate jdbc, LabelStore labels, ImageDecoder decoder, FrameAnalyzer analyzer,
                        FaceGateProperties properties) {
        this.jdbc = jdbc;
        this.labels = labels;
        this.decoder = decoder;
        this.analyzer = analyzer;
        this.interval = properties.face().gallerySyncInterval();
        this.pipeline = Pipeline.SERVER.version().equals(analyzer.pipelineVersion()) ? Pipeline.SERVER
                : Pipeline.FACEAPI;
    }

    /**
     * @param frame a decoded login frame
     * @param face  its face (landmarks and descriptor)
     * @return whether it is a stored label image of any account or a near-duplicate of one
     */
    public boolean isStored(RgbImage frame, Face face) {
        refreshIfDue();
        return copied(digests, stored, frame, face);
    }

    /**
     * For one challenge answer: the label images are brought up to date once, then every frame the answer's
     * analysis has already decoded is looked up (no second decode, no query per frame).
     *
     * @return whether a decoded frame with its face is a stored label image of any account or a near-duplicate of
     *         one
     */
    public BiPredicate<RgbImage, Face> matcher() {
        refreshIfDue();
        Map<Label, Known> known = digests;
        Set<PixelDigest> now = stored;
        return (frame, face) -> {
            boolean copy = copied(known, now, frame, face);
            if (copy) {
                log.warn("Login refused: a frame is a stored label image");
            }
            return copy;
        };
    }

    private boolean copied(Map<Label, Known> known, Set<PixelDigest> exact, RgbImage frame, Face face) {
        if (exact.contains(PixelDigest.of(frame))) {
            return true;
        }
        Map<Label, NearCopy.Peak> peaks = new HashMap<>();
        NearCopy.Frame planes = new NearCopy.Frame(frame, face.landmarks()); // its planes made once for all labels
        for (Label label : nearest(known, face.descriptor(), null)) {
            NearCopy.Label prepared = prepared(label);
            if (prepared == null || !LandmarkShape.couldBeCopy(prepared.landmarks(), face.landmarks(), pipeline)) {
                continue; // no face, or a pose no copy of this label has: not a copy of it
            }
            NearCopy.Peak peak = peaks.computeIfAbsent(label, l -> peak(l, planes));
            if (!peak.near()) {
                continue;
            }
            // As close as a copy: is it closer to this label than to the account's other labels?
            NearCopy.Peak[] siblings = nearest(known, face.descriptor(), label).stream()
                    .map(other -> peaks.computeIfAbsent(other, l -> peak(l, planes)))
                    .toArray(NearCopy.Peak[]::new);
            if (NearCopy.isCopy(peak, siblings)) {
                log.info("A frame is a near-duplicate of label image {} of user {} (peak {}, other labels {})",
                        label.name(), label.userId(), peak, Arrays.toString(siblings));
                return true;
            }
        }
        return false;
    }

    /**
     * @param of null: the labels of any account; else the other labels of that label's account
     * @return up to {@value #NEAREST} labels within {@value #DESCRIPTOR_DISTANCE} of the descriptor, nearest first
     */
    private static List<Label> nearest(Map<Label, Known> known, float[] descriptor, Label of) {
        List<Map.Entry<Label, Double>> near = new ArrayList<>();
        for (Map.Entry<Label, Known> entry : known.entrySet()) {
            Label label = entry.getKey();
            if (of != null && (label.userId() != of.userId() || label.equals(of))) {
                continue;
            }
            double distance = Descriptors.distance(entry.getValue().descriptor(), descriptor);
            if (distance <= DESCRIPTOR_DISTANCE) {
                near.add(Map.entry(label, distance));
            }
        }
        near.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return near.stream().limit(NEAREST).map(Map.Entry::getKey).toList();
    }

    /** @return the frame's {@link NearCopy#peak} to the label, or {@link NearCopy.Peak#NONE} without a usable face */
    private NearCopy.Peak peak(Label label, NearCopy.Frame frame) {
        NearCopy.Label prepared = prepared(label);
        return prepared == null ? NearCopy.Peak.NONE : NearCopy.peak(prepared, frame);
    }

    /** @return the label's prepared face region (decoded and analysed once, then cached), or null without a face */
    private NearCopy.Label prepared(Label label) {
        synchronized (prepared) {
            NearCopy.Label cached = prepared.get(label);
            if (cached != null) {
                return cached;
            }
        }
        NearCopy.Label made = labels.find(label.userId(), label.name()).map(image -> {
            if (analyzer.analyze(image.bytes()) instanceof FrameAnalyzer.Accepted a) {
                return NearCopy.Label.of(a.image(), a.face().landmarks(), thumbnail(label, image.bytes()));
            }
            log.warn("Label image {} of user {} shows no face the analyzer accepts: not compared", label.name(),
                    label.userId());
            return null;
        }).orElse(null);
        if (made != null) {
            synchronized (prepared) {
                prepared.put(label, made);
            }
        }
        return made;
    }

    /** @return the decoded thumbnail the account page serves of the label, or null if it cannot be made */
    private RgbImage thumbnail(Label label, byte[] image) {
        try {
            return decoder.decode(LabelThumbnail.jpeg(image));
        } catch (UncheckedIOException | ImageRejectedException e) {
            log.warn("The thumbnail of label image {} of user {} cannot be made: its copies are compared at full size"
                    + " only: {}", label.name(), label.userId(), e.getMessage());
            return null;
        }
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
        record Row(Label label, float[] descriptor) {
        }
        List<Row> now = jdbc.query("SELECT user_id, label_image, descriptor FROM face_templates"
                + " WHERE label_image IS NOT NULL",
                (rs, n) -> new Row(new Label(rs.getLong(1), rs.getString(2)), FaceTemplate.decode(rs.getBytes(3))));
        Map<Label, Known> old = digests;
        Map<Label, Known> fresh = new HashMap<>();
        for (Row row : now) {
            Label label = row.label();
            Known known = old.get(label);
            if (known != null) {
                fresh.put(label, new Known(known.digest(), row.descriptor()));
                continue;
            }
            labels.find(label.userId(), label.name()).ifPresent(image -> {
                try {
                    fresh.put(label, new Known(PixelDigest.of(decoder.decode(image.bytes())), row.descriptor()));
                } catch (ImageRejectedException e) {
                    log.warn("Label image {} of user {} cannot be decoded: {}", label.name(), label.userId(),
                            e.getMessage());
                }
            });
        }
        digests = Map.copyOf(fresh);
        stored = Set.copyOf(fresh.values().stream().map(Known::digest).toList());
        synchronized (prepared) {
            prepared.keySet().retainAll(fresh.keySet());
        }
        refreshedNanos = System.nanoTime();
        seenChange = latest;
        loaded = true;
    }
}
