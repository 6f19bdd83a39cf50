package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import io.facegate.config.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Label images on disk ({@code LABELS_STORE=fs}, the default): {@code LABELS_DIR/<user id>/<random uuid>.png|.jpg}.
 * File names are made here, never taken from a client; the folder is outside every public static location and
 * images are served only to their owner by {@link AccountController}. Each instance sees only its own disk.
 */
public class FileLabelStore implements LabelStore {

    private static final Pattern USER_FOLDER = Pattern.compile("[1-9][0-9]{0,18}");

    private final Path root;

    /** @param properties settings ({@code LABELS_DIR}) */
    public FileLabelStore(FaceGateProperties properties) {
        this(properties.labelsDir());
    }

    /** @param root the labels folder (created when the first image is saved) */
    public FileLabelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Makes the labels folder if missing, tightens the modes of what is in it (folders 0700, files 0600), and
     * checks that it is writable, so a wrong {@code LABELS_DIR} stops start-up instead of the first Face ID setup.
     *
     * @throws io.facegate.config.InvalidSettingException when the folder cannot be made or written
     */
    public void prepare() {
        try {
            PrivateFiles.folder(root);
            PrivateFiles.tighten(root);
            Path probe = Files.createTempFile(root, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new io.facegate.config.InvalidSettingException("LABELS_DIR (" + root + ") cannot be written by "
                    + "this process (" + e.getClass().getSimpleName() + "); give a folder the app's user can write, or "
                    + "set LABELS_STORE=db.");
        }
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

    @Override
    public String save(long userId, byte[] image) {
        String name = LabelStore.newName(image);
        try {
            Path folder = PrivateFiles.folder(folder(userId)); // 0700, file 0600: face data is private
            PrivateFiles.write(folder.resolve(name), image);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a label image under " + root + ".", e);
        }
        return name;
    }

    @Override
    public Optional<LabelImage> find(long userId, String name) {
        if (!LabelStore.isName(name)) {
            return Optional.empty();
        }
        Path file = folder(userId).resolve(name);
        try {
            return Optional.of(new LabelImage(name, Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the label image " + file + ".", e);
        }
    }

    @Override
    public void delete(long userId, String name) {
        if (!LabelStore.isName(name)) {
            return;
        }
        try {
            Files.deleteIfExists(folder(userId).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the label image " + name + ".", e);
        }
    }

    /** Deletes the owner's folder and everything in it. */
    @Override
    public boolean deleteAll(long userId) throws IOException {
        Path folder = folder(userId);
        if (!Files.exists(folder)) {
            return false;
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
        return true;
    }

    /** Users that have a folder (folders whose name is not a user id are left alone). */
    @Override
    public List<Long> owners() {
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
