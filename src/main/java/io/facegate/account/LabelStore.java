package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import io.facegate.web.ImageKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Label images on disk: {@code LABELS_DIR/<user id>/<random uuid>.png|.jpg}. File names are made here, never
 * taken from a client; the folder is outside every public static location and images are served only to their
 * owner by {@link AccountController}.
 */
@Component
public class LabelStore {

    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(png|jpg)");
    private static final Pattern USER_FOLDER = Pattern.compile("[1-9][0-9]{0,18}");

    private final Path root;

    /** @param properties settings ({@code LABELS_DIR}) */
    public LabelStore(FaceGateProperties properties) {
        this.root = properties.labelsDir().toAbsolutePath().normalize();
    }

    /** @return the labels folder, absolute */
    public Path root() {
        return root;
    }

    /**
     * @param userId owner
     * @return the owner's folder (may not exist)
     */
    public Path folder(long userId) {
        return root.resolve(Long.toString(userId));
    }

    /**
     * Writes an image into the owner's folder under a new random name.
     *
     * @param userId owner
     * @param image  PNG or JPEG bytes (recognised by their signature)
     * @return the file name
     * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
     */
    public String save(long userId, byte[] image) {
        String extension = ImageKind.of(image).map(ImageKind::extension).orElseThrow(
                () -> new IllegalArgumentException("A label image must be PNG or JPEG."));
        String name = UUID.randomUUID() + "." + extension;
        try {
            Path folder = Files.createDirectories(folder(userId));
            Files.write(folder.resolve(name), image);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a label image under " + root + ".", e);
        }
        return name;
    }

    /**
     * @param userId owner
     * @param name   file name as stored in {@code face_templates.label_image}
     * @return the file, when the name is one this store makes and the file exists
     */
    public Optional<Path> find(long userId, String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder(userId).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * @param userId owner
     * @param name   file name; ignored when null or not one this store makes
     */
    public void delete(long userId, String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return;
        }
        try {
            Files.deleteIfExists(folder(userId).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the label image " + name + ".", e);
        }
    }

    /**
     * Deletes the owner's folder and everything in it.
     *
     * @param userId owner
     * @throws IOException when something could not be removed (what was removed stays removed)
     */
    public void deleteFolder(long userId) throws IOException {
        Path folder = folder(userId);
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * @return ids of the users that have a folder (folders whose name is not a user id are left alone)
     */
    public List<Long> userFolders() {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (USER_FOLDER.matcher(name).matches()) {
                    ids.add(Long.parseLong(name));
                }
            }
        } catch (NoSuchFileException e) {
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the labels folder " + root + ".", e);
        }
        return ids;
    }
}
