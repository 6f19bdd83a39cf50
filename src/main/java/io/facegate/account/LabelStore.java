package io.facegate.account;

import io.facegate.web.ImageKind;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where label images (the face images shown to their owner) are kept, chosen by {@code LABELS_STORE}:
 * {@code fs} ({@link FileLabelStore}, one folder per user under {@code LABELS_DIR}) or {@code db}
 * ({@link DatabaseLabelStore}, table {@code label_images}, shared by every instance and kept across deploys).
 * Names are made by the store ({@code <random uuid>.png|jpg}), never taken from a client.
 */
public interface LabelStore {

    /** The names a store makes: a random UUID and the image's extension. */
    Pattern NAME = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(png|jpg)");

    /**
     * Stores an image under a new random name.
     *
     * @param userId owner (must exist)
     * @param image  PNG or JPEG bytes (recognised by their signature)
     * @return the name, as kept in {@code face_templates.label_image}
     * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
     */
    String save(long userId, byte[] image);

    /**
     * @param userId owner
     * @param name   name returned by {@link #save}
     * @return the image, when the name is one a store makes and the owner has it
     */
    Optional<LabelImage> find(long userId, String name);

    /**
     * @param userId owner
     * @param name   name; ignored when null or not one a store makes
     */
    void delete(long userId, String name);

    /**
     * Deletes every image of the owner.
     *
     * @param userId owner
     * @return whether the owner had anything stored
     * @throws IOException when something could not be removed (what was removed stays removed)
     */
    boolean deleteAll(long userId) throws IOException;

    /** @return ids of the users that have something stored */
    List<Long> owners();

    /**
     * @param image PNG or JPEG bytes
     * @return a new random name with the image's extension
     * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
     */
    static String newName(byte[] image) {
        String extension = ImageKind.of(image).map(ImageKind::extension).orElseThrow(
                () -> new IllegalArgumentException("A label image must be PNG or JPEG."));
        return UUID.randomUUID() + "." + extension;
    }

    /**
     * @param name a name, or null
     * @return whether it is a name a store makes
     */
    static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * A stored label image.
     *
     * @param name  its name ({@code <uuid>.png|jpg})
     * @param bytes PNG or JPEG bytes
     */
    record LabelImage(String name, byte[] bytes) {
        /** @return {@code image/png} or {@code image/jpeg}, from the name */
        public String mediaType() {
            return ImageKind.ofFileName(name).mediaType();
        }
    }
}
