package io.facegate.face.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.facegate.face.match.Descriptors;
import io.facegate.face.match.MatchPolicy;

/**
 * Open-set measurements on a folder of identities, for calibrating and reporting the decision policy:
 *
 * <ul>
 *   <li><b>All impostor comparisons</b>: every described image against every described image of another person
 *       (n·(n−1)/2 minus the same-person pairs), so a false match rate of 1e-4 is decided by ≥ 10 false matches
 *       once there are ≥ 100,000 comparisons. FMR(t) = share of those distances ≤ t (the {@link
 *       io.facegate.face.match.Gallery} rule).</li>
 *   <li><b>Identification simulation</b>: for a gallery of N enrolled users (one image each, N distinct people
 *       drawn at random), a probe of a person not in the gallery is falsely accepted when the {@link MatchPolicy}
 *       accepts its nearest user (distance ≤ identification threshold and second-best at least the margin
 *       farther); a probe of an enrolled user (another image of them) is correctly identified when the policy
 *       accepts that user. Trials are drawn with a fixed seed, so a run is repeatable.</li>
 * </ul>
 * Images without a face are left out here (the pairs report counts them as errors).
 */
public final class OpenSetEvaluation {

    /**
     * One described image.
     *
     * @param person     identity (LFW: the folder name)
     * @param descriptor {@code float[128]}
     */
    public record Sample(String person, float[] descriptor) {
    }

    /**
     * @param galleryUsers        N
     * @param impostorTrials      probes of people not enrolled
     * @param falseAccepts        of those, accepted as some enrolled user
     * @param genuineTrials       probes of an enrolled user
     * @param correctAccepts      of those, accepted as the right user
     * @param wrongAccepts        of those, accepted as another user
     * @param estimatedFalseAccept 1 − (1 − FMR(identification threshold))^N, the margin ignored (an upper bound
     *                            under independence)
     */
    public record IdentificationResult(int galleryUsers, int impostorTrials, int falseAccepts, int genuineTrials,
                                       int correctAccepts, int wrongAccepts, double estimatedFalseAccept) {
        /** @return measured false-accept rate of non-enrolled probes */
        public double falseAcceptRate() {
            return impostorTrials == 0 ? Double.NaN : (double) falseAccepts / impostorTrials;
        }

        /** @return share of enrolled users' probes identified as themselves */
        public double correctRate() {
            return genuineTrials == 0 ? Double.NaN : (double) correctAccepts / genuineTrials;
        }
    }

    private final List<Sample> samples;
    private final int[] personIndex;
    private final int persons;
    private final double[] impostors;
    private final double[] genuines;

    /**
     * Computes all pairwise distances (about 1.2 million for LFW View 1's 1,549 images: under a second).
     *
     * @param samples described images, at least two people
     * @throws IllegalArgumentException if fewer than two people are given
     */
    public OpenSetEvaluation(List<Sample> samples) {
        this.samples = List.copyOf(samples);
        Map<String, Integer> ids = new LinkedHashMap<>();
        personIndex = new int[this.samples.size()];
        for (int i = 0; i < personIndex.length; i++) {
            personIndex[i] = ids.computeIfAbsent(this.samples.get(i).person(), k -> ids.size());
        }
        persons = ids.size();
        if (persons < 2) {
            throw new IllegalArgumentException("Impostor comparisons need images of at least two people, got "
                    + persons + ".");
        }
        List<Double> gen = new ArrayList<>();
        int n = this.samples.size();
        double[] imp = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            float[] a = this.samples.get(i).descriptor();
            for (int j = i + 1; j < n; j++) {
                double d = Descriptors.distance(a, this.samples.get(j).descriptor());
                if (personIndex[i] == personIndex[j]) {
                    gen.add(d);
                } else {
                    imp[k++] = d;
                }
            }
        }
        impostors = Arrays.copyOf(imp, k);
        Arrays.sort(impostors);
        genuines = gen.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** @return number of impostor comparisons */
    public int impostorComparisons() {
        return impostors.length;
    }

    /** @return number of same-person comparisons among the images */
    public int genuineComparisons() {
        return genuines.length;
    }

    /** @return number of people */
    public int persons() {
        return persons;
    }

    /** @return the smallest impostor distance */
    public double closestImpostor() {
        return impostors[0];
    }

    /**
     * @param threshold a distance
     * @return share of impostor comparisons at distance ≤ threshold
     */
    public double fmr(double threshold) {
        return (double) countAtMost(impostors, threshold) / impostors.length;
    }

    /**
     * @param threshold a distance
     * @return share of same-person comparisons among the images at distance &gt; threshold (NaN if none)
     */
    public double fnmrAllGenuine(double threshold) {
        return genuines.length == 0 ? Double.NaN
                : 1.0 - (double) countAtMost(genuines, threshold) / genuines.length;
    }

    /**
     * The largest threshold whose FMR is at most the target: just below the (⌊target·n⌋+1)-th smallest impostor
     * distance (midway to the previous distinct distance).
     *
     * @param target a false match rate, e.g. 1e-4
     * @return the threshold, a distance
     */
    public double thresholdAtFmr(double target) {
        int allowed = (int) Math.floor(target * impostors.length);
        if (allowed >= impostors.length) {
            return impostors[impostors.length - 1];
        }
        double first = impostors[allowed];
        int below = allowed - 1;
        while (below >= 0 && impostors[below] == first) {
            below--;
        }
        double previous = below >= 0 ? impostors[below] : 0;
        return (previous + first) / 2;
    }

    /**
     * Simulated identification with a gallery of N users.
     *
     * @param galleryUsers N, less than the number of people
     * @param policy       thresholds and margin
     * @param trials       impostor trials and genuine trials, each
     * @param seed         random seed
     * @return the counts
     * @throws IllegalArgumentException if N is not below the number of people
     */
    public IdentificationResult identification(int galleryUsers, MatchPolicy policy, int trials, long seed) {
        if (galleryUsers < 1 || galleryUsers >= persons) {
            throw new IllegalArgumentException("A gallery of " + galleryUsers + " users needs more than that many"
                    + " people; this set has " + persons + ".");
        }
        List<List<Integer>> byPerson = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            byPerson.add(new ArrayList<>());
        }
        for (int i = 0; i < personIndex.length; i++) {
            byPerson.get(personIndex[i]).add(i);
        }
        List<Integer> multi = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            if (byPerson.get(p).size() >= 2) {
                multi.add(p);
            }
        }
        Random random = new Random(seed);
        int falseAccepts = 0;
        for (int t = 0; t < trials; t++) {
            int probe = random.nextInt(samples.size());
            int[] gallery = drawGallery(random, byPerson, personIndex[probe], -1, galleryUsers);
            if (decide(probe, gallery, policy) >= 0) {
                falseAccepts++;
            }
        }
        int correct = 0;
        int wrong = 0;
        int genuineTrials = multi.isEmpty() ? 0 : trials;
        for (int t = 0; t < genuineTrials; t++) {
            int person = multi.get(random.nextInt(multi.size()));
            List<Integer> images = byPerson.get(person);
            int probeAt = random.nextInt(images.size());
            int enrolledAt = random.nextInt(images.size() - 1);
            if (enrolledAt >= probeAt) {
                enrolledAt++;
            }
            int probe = images.get(probeAt);
            int[] gallery = drawGallery(random, byPerson, person, images.get(enrolledAt), galleryUsers);
            int accepted = decide(probe, gallery, policy);
            if (accepted >= 0) {
                if (personIndex[accepted] == person) {
                    correct++;
                } else {
                    wrong++;
                }
            }
        }
        double perComparison = fmr(policy.identificationThreshold());
        double estimate = 1 - Math.pow(1 - perComparison, galleryUsers);
        return new IdentificationResult(galleryUsers, trials, falseAccepts, genuineTrials, correct, wrong, estimate);
    }

    /**
     * N gallery images of N distinct people other than {@code excluded}; if {@code enrolled} ≥ 0 it is the first
     * and its person takes one of the N places.
     */
    private int[] drawGallery(Random random, List<List<Integer>> byPerson, int excluded, int enrolled, int n) {
        int[] order = new int[persons];
        for (int p = 0; p < persons; p++) {
            order[p] = p;
        }
        int[] gallery = new int[n];
        int filled = 0;
        if (enrolled >= 0) {
            gallery[filled++] = enrolled;
        }
        int remaining = persons;
        while (filled < n) {
            int pick = random.nextInt(remaining);
            int p = order[pick];
            order[pick] = order[--remaining];
            if (p == excluded) {
                continue;
            }
            List<Integer> images = byPerson.get(p);
            gallery[filled++] = images.get(random.nextInt(images.size()));
        }
        return gallery;
    }

    /** @return the accepted gallery image index, or −1 if the policy rejects */
    private int decide(int probe, int[] gallery, MatchPolicy policy) {
        float[] q = samples.get(probe).descriptor();
        double best = Double.POSITIVE_INFINITY;
        double second = Double.POSITIVE_INFINITY;
        int bestAt = -1;
        for (int g : gallery) {
            double d = Descriptors.distance(q, samples.get(g).descriptor());
            if (d < best) {
                second = best;
                best = d;
                bestAt = g;
            } else if (d < second) {
                second = d;
            }
        }
        return best <= policy.identificationThreshold() && second - best >= policy.identificationMargin()
                ? bestAt : -1;
    }

    private static int countAtMost(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
