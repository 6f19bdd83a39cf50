package io.facegate.face.eval;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One line of an LFW pairs file: two images, of the same person ({@code name i j}) or of two people
 * ({@code name1 i name2 j}). Image numbers start at 1.
 *
 * @param name1  first person's folder name, e.g. {@code Abel_Pacheco}
 * @param index1 first image number (≥ 1)
 * @param name2  second person's folder name (equal to name1 for a same-person pair)
 * @param index2 second image number (≥ 1)
 * @param fold   fold this pair belongs to, 0-based
 */
public record LfwPair(String name1, int index1, String name2, int index2, int fold) {

    /** @return whether both images show the same person */
    public boolean same() {
        return name1.equals(name2);
    }

    /** @return {@code dir/name1/name1_%04d.jpg} */
    public Path image1(Path dir) {
        return imagePath(dir, name1, index1);
    }

    /** @return {@code dir/name2/name2_%04d.jpg} */
    public Path image2(Path dir) {
        return imagePath(dir, name2, index2);
    }

    /**
     * The LFW layout: one folder per person, files numbered from 1 with 4 digits.
     *
     * @return {@code dir/name/name_%04d.jpg}, e.g. {@code lfw/Abel_Pacheco/Abel_Pacheco_0001.jpg}
     */
    public static Path imagePath(Path dir, String name, int index) {
        return dir.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, index));
    }
}
