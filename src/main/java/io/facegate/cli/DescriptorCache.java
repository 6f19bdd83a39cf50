package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text file of image descriptors, so that an evaluation describes each image once: a first line naming the
 * settings (pipeline version, detector, input size, minimum score), then one line per image, its path relative to
 * the image folder, a tab, and either 128 comma-separated floats or {@code -} (no face found). The same format as
 * {@code evaluate --cache}, so a cache written by one command serves the other.
 */
final class DescriptorCache {

    private final Path file;
    private final Path imagesDir;
    private final String key;

    /**
     * @param file      the cache file (may not exist yet)
     * @param imagesDir the folder the stored paths are relative to
     * @param key       the settings the descriptors were made with
     */
    DescriptorCache(Path file, Path imagesDir, String key) {
        this.file = file;
        this.imagesDir = imagesDir;
        this.key = key;
    }

    /**
     * @return the stored descriptors by absolute image path (a {@code null} value: no face); empty when the file
     *         is missing or was written with other settings
     * @throws IOException if the file exists but cannot be read or parsed
     */
    Map<Path, float[]> read() throws IOException {
        Map<Path, float[]> read = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return read;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(key)) {
            return read;
        }
        for (String line : lines.subList(1, lines.size())) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException("line without a tab in " + file);
            }
            String value = line.substring(tab + 1);
            float[] d = null;
            if (!value.equals("-")) {
                String[] parts = value.split(",");
                d = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    d[i] = Float.parseFloat(parts[i]);
                }
            }
            read.put(imagesDir.resolve(line.substring(0, tab)), d);
        }
        return read;
    }

    /**
     * Writes all the descriptors (replacing the file).
     *
     * @param descriptors by absolute image path, {@code null} for no face
     * @throws IOException if the file cannot be written
     */
    void write(Map<Path, float[]> descriptors) throws IOException {
        StringBuilder b = new StringBuilder(key).append('\n');
        descriptors.forEach((image, d) -> {
            b.append(imagesDir.relativize(image)).append('\t');
            if (d == null) {
                b.append('-');
            } else {
                for (int i = 0; i < d.length; i++) {
                    b.append(i == 0 ? "" : ",").append(d[i]);
                }
            }
            b.append('\n');
        });
        Files.writeString(file, b);
    }
}
