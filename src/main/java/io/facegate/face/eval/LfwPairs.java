package io.facegate.face.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW pairs file ({@code pairs.txt}, {@code pairsDevTest.txt}...).
 *
 * <p>Format: the first line is either {@code FOLDS N} (e.g. {@code 10 300}: 10 folds, each of N same-person
 * pairs followed by N different-person pairs) or a single {@code N} (one list of N same + N different pairs,
 * i.e. one fold). Then one pair per line, fields separated by blanks: {@code name i j} (same person) or
 * {@code name1 i name2 j} (different people). Blank lines are ignored.
 *
 * @param folds number of folds (1 when the file has a single list)
 * @param pairs the pairs in file order, each tagged with its fold
 */
public record LfwPairs(int folds, List<LfwPair> pairs) {

    /** Copies the list. */
    public LfwPairs {
        pairs = List.copyOf(pairs);
    }

    /**
     * @param file pairs file
     * @return the pairs
     * @throws IOException        if the file cannot be read
     * @throws PairsFileException if the content is not a pairs file
     */
    public static LfwPairs read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    /**
     * @param text   pairs file content
     * @param source name used in error messages
     * @return the pairs
     * @throws PairsFileException if the content is not a pairs file
     */
    public static LfwPairs parse(String text, String source) {
        try {
            return parse(new BufferedReader(new StringReader(text)), source);
        } catch (IOException e) {
            throw new IllegalStateException("Reading a string cannot fail", e);
        }
    }

    private static LfwPairs parse(BufferedReader reader, String source) throws IOException {
        String line;
        int lineNo = 0;
        int folds = -1;
        int perFold = -1;
        List<LfwPair> pairs = new ArrayList<>();
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] f = trimmed.split("\\s+");
            if (folds < 0) {
                if (f.length == 2) {
                    folds = positive(f[0], source, lineNo);
                    perFold = positive(f[1], source, lineNo);
                } else if (f.length == 1) {
                    folds = 1;
                    perFold = positive(f[0], source, lineNo);
                } else {
                    throw new PairsFileException(source + " line " + lineNo + ": the first line must be 'FOLDS N'"
                            + " (e.g. '10 300') or 'N', got '" + trimmed + "'.");
                }
                continue;
            }
            int fold = pairs.size() / (2 * perFold);
            if (f.length == 3) {
                pairs.add(new LfwPair(f[0], positive(f[1], source, lineNo), f[0], positive(f[2], source, lineNo), fold));
            } else if (f.length == 4) {
                if (f[0].equals(f[2])) {
                    throw new PairsFileException(source + " line " + lineNo + ": a different-person pair names the"
                            + " same person twice ('" + trimmed + "'); write it as 'name i j'.");
                }
                pairs.add(new LfwPair(f[0], positive(f[1], source, lineNo), f[2], positive(f[3], source, lineNo), fold));
            } else {
                throw new PairsFileException(source + " line " + lineNo + ": expected 'name i j' (same person) or"
                        + " 'name1 i name2 j' (different people), got '" + trimmed + "'.");
            }
        }
        if (folds < 0) {
            throw new PairsFileException(source + " is empty; expected a first line such as '10 300'.");
        }
        long expected = 2L * folds * perFold;
        if (pairs.size() != expected) {
            throw new PairsFileException(source + " declares " + folds + " fold(s) of " + perFold + " same + " + perFold
                    + " different pairs (" + expected + " lines) but has " + pairs.size() + " pair lines.");
        }
        return new LfwPairs(folds, pairs);
    }

    private static int positive(String s, String source, int lineNo) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PairsFileException(source + " line " + lineNo + ": '" + s + "' should be a whole number of at least 1.");
    }
}
