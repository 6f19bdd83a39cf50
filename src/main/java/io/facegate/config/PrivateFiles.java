package io.facegate.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Private file modes for face data and the SQLite database, set explicitly (Java has no umask API): folders 0700,
 * files 0600, owner only. On a file system without POSIX permissions (Windows) these calls do nothing.
 */
public final class PrivateFiles {

    /** rwx------ */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /**
     * Creates a folder and its missing parents as 0700, and sets 0700 on the folder itself if it existed.
     *
     * @param folder the folder
     * @return the folder
     * @throws IOException if it cannot be created or its mode set
     */
    public static Path folder(Path folder) throws IOException {
        if (!POSIX) {
            return Files.createDirectories(folder);
        }
        Files.createDirectories(folder, attribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER);
        return folder;
    }

    /**
     * Writes a new file created as 0600 (replacing an existing one, whose mode is set to 0600 too).
     *
     * @param file  the file
     * @param bytes its content
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        if (POSIX && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file, attribute(FILE));
        }
        Files.write(file, bytes);
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Creates an empty file as 0600 if it does not exist, else sets its mode to 0600.
     *
     * @param file the file
     * @throws IOException if it cannot be created or its mode set
     */
    public static void touch(Path file) throws IOException {
        if (!POSIX) {
            return;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file, attribute(FILE));
        } else {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Sets 0700 on every folder and 0600 on every file under a root (the root included); symbolic links are not
     * followed.
     *
     * @param root a folder; nothing happens when it does not exist
     * @throws IOException if a mode cannot be set
     */
    public static void tighten(Path root) throws IOException {
        if (!POSIX || !Files.isDirectory(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, FOLDER);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.setPosixFilePermissions(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
