package io.facegate.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * A row of {@code face_templates}: one enrolled face descriptor of a user, with the label image it came from.
 * Deleted with its user ({@code ON DELETE CASCADE}).
 */
@Entity
@Table(name = "face_templates")
public class FaceTemplate {

    /** Length of a descriptor, floats (FaceRecognitionNet output). */
    public static final int DESCRIPTOR_LENGTH = 128;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    /** {@code float[128]} as 512 bytes, little-endian IEEE 754. */
    @Column(nullable = false)
    private byte[] descriptor;

    @Column(name = "pipeline_version", nullable = false, length = 64)
    private String pipelineVersion;

    /** File name inside the user's label folder, or null when no image was kept. */
    @Column(name = "label_image", length = 100)
    private String labelImage;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** {@link #SOURCE_SETUP} or {@link #SOURCE_LOGIN} (Flyway {@code V12}). */
    @Column(nullable = false, length = 16)
    private String source = SOURCE_SETUP;

    /** A template made by Face ID setup. */
    public static final String SOURCE_SETUP = "setup";
    /** A template added by a face login ({@link LoginTemplates}). */
    public static final String SOURCE_LOGIN = "login";

    protected FaceTemplate() {
    }

    /** @return {@link #SOURCE_SETUP} or {@link #SOURCE_LOGIN} */
    public String getSource() {
        return source;
    }

    /** @return this template, marked as added by a face login */
    FaceTemplate fromLogin() {
        this.source = SOURCE_LOGIN;
        return this;
    }

    /**
     * @param userId          owner
     * @param descriptor      {@code float[128]}
     * @param pipelineVersion which engine pipeline made the descriptor (descriptors of different pipelines are
     *                        not comparable)
     * @param labelImage      file name in the owner's label folder, or null
     * @param createdAt       UTC
     */
    public FaceTemplate(long userId, float[] descriptor, String pipelineVersion, String labelImage, Instant createdAt) {
        this.userId = userId;
        this.descriptor = encode(descriptor);
        this.pipelineVersion = pipelineVersion;
        this.labelImage = labelImage;
        this.createdAt = createdAt;
    }

    /**
     * @param descriptor {@code float[128]}
     * @return 512 bytes, little-endian
     */
    public static byte[] encode(float[] descriptor) {
        if (descriptor == null || descriptor.length != DESCRIPTOR_LENGTH) {
            throw new IllegalArgumentException("A face descriptor has " + DESCRIPTOR_LENGTH + " floats, not "
                    + (descriptor == null ? "none" : descriptor.length) + ".");
        }
        ByteBuffer buffer = ByteBuffer.allocate(DESCRIPTOR_LENGTH * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : descriptor) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /**
     * @param bytes 512 bytes, little-endian
     * @return {@code float[128]}
     */
    public static float[] decode(byte[] bytes) {
        if (bytes.length != DESCRIPTOR_LENGTH * Float.BYTES) {
            throw new IllegalArgumentException("A stored descriptor has " + DESCRIPTOR_LENGTH * Float.BYTES
                    + " bytes, not " + bytes.length + ".");
        }
        float[] out = new float[DESCRIPTOR_LENGTH];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Replaces the descriptor with one recomputed by another pipeline from the same label image.
     *
     * @param freshDescriptor {@code float[128]}
     * @param version         the pipeline that made it
     * @throws IllegalArgumentException if the descriptor is not {@code float[128]}
     */
    public void redescribe(float[] freshDescriptor, String version) {
        this.descriptor = encode(freshDescriptor);
        this.pipelineVersion = version;
    }

    /** @return database id */
    public Long getId() {
        return id;
    }

    /** @return owner's user id */
    public Long getUserId() {
        return userId;
    }

    /** @return the descriptor, {@code float[128]} */
    public float[] getDescriptor() {
        return decode(descriptor);
    }

    /** @return pipeline that produced the descriptor */
    public String getPipelineVersion() {
        return pipelineVersion;
    }

    /** @return label image file name, or null */
    public String getLabelImage() {
        return labelImage;
    }

    /** @return creation time, UTC */
    public Instant getCreatedAt() {
        return createdAt;
    }
}
