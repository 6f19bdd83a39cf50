package io.facegate.face.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.facegate.face.match.Descriptors;
import io.facegate.face.match.Gallery;
import io.facegate.face.match.Identification;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import io.facegate.face.match.TemplateAdaptation;

/**
 * The identification (1:N) protocol of issue 12 on a labelled image set (LFW images outside View 1's pairs):
 *
 * <ul>
 *   <li>People are sorted by name and split alternately into a {@link Part#CALIBRATION} and a {@link Part#REPORT}
 *       half; a run uses the people of one half only, so thresholds chosen on one are reported on the other.</li>
 *   <li><b>Targets</b>: people with at least {@value #MIN_TARGET_IMAGES} images (with a face): their first
 *       {@value #ENROLLED_IMAGES} images (by image number) are enrolled, the others are probes.</li>
 *   <li>A gallery of N users holds N targets drawn at random, or all the half's targets and then other people
 *       drawn at random, each enrolled from their first images (up to {@value #ENROLLED_IMAGES}).</li>
 *   <li><b>Mated attempts</b>: every probe of every enrolled target. <b>Non-mated attempts</b> (strangers): every
 *       image of every person of the half who is not in the gallery.</li>
 *   <li>Each attempt is one image, searched with the server's own {@link Gallery} (so the measured rule is the
 *       login's rule); the distances are kept so that thresholds can be swept afterwards
 *       ({@link IdentificationSweep}).</li>
 * </ul>
 * Draws use a fixed seed, so a run repeats exactly.
 */
public final class IdentificationProtocol {

    /** Images enrolled per target (the Face ID setup takes 3 frames). */
    public static final int ENROLLED_IMAGES = 3;
    /** A target has at least one probe besides its enrolled images. */
    public static final int MIN_TARGET_IMAGES = ENROLLED_IMAGES + 1;
    /** Version string of the templates built here (all from one pipeline). */
    private static final String VERSION = "eval";

    /**
     * One described image.
     *
     * @param person     identity (LFW: the folder name)
     * @param number     image number within the person (LFW: the {@code _0001} suffix), orders the images
     * @param descriptor {@code float[128]}
     */
    public record Image(String person, int number, float[] descriptor) {
    }

    /** The half of the people a run uses. */
    public enum Part {
        /** People at even positions in name order: for choosing thresholds. */
        CALIBRATION,
        /** People at odd positions: for reporting with thresholds fixed beforehand. */
        REPORT
    }

    /**
     * One search.
     *
     * @param mated      whether the person is enrolled (a genuine user) rather than a stranger
     * @param ownerFirst whether the first-ranked user is the person (always false for a stranger)
     * @param best       the first-ranked user's fused distance
     * @param second     the second-ranked user's fused distance
     * @param worstFrame the first-ranked user's largest single-frame distance
     * @param score      the first-ranked user's score ({@link MatchPolicy#frameScore}, mean over the frames)
     * @param galleryUsers the number of users searched (N)
     */
    public record Attempt(boolean mated, boolean ownerFirst, double best, double second, double worstFrame,
                          double score, int galleryUsers) {

        /**
         * An attempt scored by its fused distance in a gallery of at most
         * {@value MatchPolicy#BASE_GALLERY_USERS} users (the earlier rule's view).
         *
         * @param mated      as above
         * @param ownerFirst as above
         * @param best       as above, also the score
         * @param second     as above
         * @param worstFrame as above
         */
        public Attempt(boolean mated, boolean ownerFirst, double best, double second, double worstFrame) {
            this(mated, ownerFirst, best, second, worstFrame, best, 1);
        }

        /**
         * @param id     a search's result
         * @param mated  whether the person is enrolled
         * @param person the person searched
         * @return the attempt of that search
         */
        static Attempt of(Identification id, boolean mated, String person) {
            return new Attempt(mated, mated && person.equals(id.candidateUserId()), id.bestDistance(),
                    id.secondBestDistance(), id.worstFrameDistance(), id.score(), id.galleryUsers());
        }
    }

    /**
     * The attempts of one gallery size.
     *
     * @param galleryUsers N
     * @param rounds       galleries drawn
     * @param attempts     every search
     */
    public record Run(int galleryUsers, int rounds, List<Attempt> attempts) {
    }

    private final Map<String, List<Image>> byPerson = new TreeMap<>();

    /**
     * @param images described images (those without a face left out)
     */
    public IdentificationProtocol(List<Image> images) {
        for (Image image : images) {
            byPerson.computeIfAbsent(image.person(), k -> new ArrayList<>()).add(image);
        }
        byPerson.values().forEach(list -> list.sort(Comparator.comparingInt(Image::number)));
    }

    /**
     * @param part a half
     * @return its people, in name order
     */
    public List<String> people(Part part) {
        List<String> people = new ArrayList<>();
        int i = 0;
        for (String person : byPerson.keySet()) {
            if ((i++ % 2 == 0) == (part == Part.CALIBRATION)) {
                people.add(person);
            }
        }
        return people;
    }

    /**
     * @param part a half
     * @return its targets (people with at least {@value #MIN_TARGET_IMAGES} images), in name order
     */
    public List<String> targets(Part part) {
        return people(part).stream().filter(p -> byPerson.get(p).size() >= MIN_TARGET_IMAGES).toList();
    }

    /**
     * @param person a person
     * @return the person's images in number order
     */
    public List<Image> images(String person) {
        return byPerson.getOrDefault(person, List.of());
    }

    /**
     * Runs the protocol for one gallery size.
     *
     * @param part         which half of the people
     * @param galleryUsers N, less than the half's number of people
     * @param rounds       how many galleries to draw (each gives its own mated and non-mated attempts)
     * @param policy       the match policy of the gallery (the distances are recorded whatever it decides)
     * @param seed         random seed
     * @return every attempt
     * @throws IllegalArgumentException if N is not below the half's number of people or there are no targets
     */
    public Run run(Part part, int galleryUsers, int rounds, MatchPolicy policy, long seed) {
        List<String> people = people(part);
        List<String> targets = targets(part);
        if (galleryUsers < 1 || galleryUsers >= people.size()) {
            throw new IllegalArgumentException("A gallery of " + galleryUsers + " users needs more people than that;"
                    + " this half has " + people.size() + ".");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("No person of this half has " + MIN_TARGET_IMAGES + " images.");
        }
        List<String> others = people.stream().filter(p -> byPerson.get(p).size() < MIN_TARGET_IMAGES).toList();
        Random random = new Random(seed);
        List<Attempt> attempts = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> enrolled = drawGallery(targets, others, galleryUsers, random);
            Gallery gallery = new Gallery(policy, VERSION);
            for (String person : enrolled) {
                List<Image> images = byPerson.get(person);
                for (Image image : images.subList(0, Math.min(ENROLLED_IMAGES, images.size()))) {
                    gallery.add(new Template(person, image.descriptor(), VERSION));
                }
            }
            java.util.Set<String> inGallery = new java.util.HashSet<>(enrolled);
            for (String person : enrolled) {
                List<Image> images = byPerson.get(person);
                for (Image probe : images.subList(Math.min(ENROLLED_IMAGES, images.size()), images.size())) {
                    attempts.add(attempt(gallery, person, true, List.of(probe.descriptor())));
                }
            }
            for (String person : people) {
                if (!inGallery.contains(person)) {
                    for (Image probe : byPerson.get(person)) {
                        attempts.add(attempt(gallery, person, false, List.of(probe.descriptor())));
                    }
                }
            }
        }
        return new Run(galleryUsers, rounds, attempts);
    }

    /**
     * Adaptation after repeated logins: as {@link #run}, but each target's probes are its logins in image order, and
     * after every accepted login the {@link TemplateAdaptation} rule may add a frame to the accepted user's
     * templates (the user the gallery accepted, right or wrong: a wrong one is counted). A login right after a
     * refused login of the same person counts as contested (the "failed face login in the last 24 h").
     * The strangers are searched once all logins are done, against the adapted templates.
     *
     * @param part         which half
     * @param galleryUsers N
     * @param rounds       galleries drawn
     * @param policy       the acceptance rule
     * @param adaptation   the adaptation rule
     * @param seed         random seed (the same as {@link #run} draws the same galleries)
     * @return per login number, the attempts with and without adaptation, and the counts of templates added
     */
    public AdaptationRun adapt(Part part, int galleryUsers, int rounds, MatchPolicy policy,
                               TemplateAdaptation adaptation, long seed) {
        List<String> people = people(part);
        List<String> targets = targets(part);
        if (galleryUsers < 1 || galleryUsers >= people.size() || targets.isEmpty()) {
            throw new IllegalArgumentException("A gallery of " + galleryUsers + " users needs more people than that"
                    + " and at least one target; this half has " + people.size() + " people.");
        }
        List<String> others = people.stream().filter(p -> byPerson.get(p).size() < MIN_TARGET_IMAGES).toList();
        Random random = new Random(seed);
        List<Login> logins = new ArrayList<>();
        List<Attempt> strangers = new ArrayList<>();
        int added = 0;
        int addedToWrongUser = 0;
        for (int r = 0; r < rounds; r++) {
            List<String> enrolled = drawGallery(targets, others, galleryUsers, random);
            Gallery fixed = new Gallery(policy, VERSION);
            Gallery adapted = new Gallery(policy, VERSION);
            Map<String, List<TemplateAdaptation.Current>> current = new TreeMap<>();
            for (String person : enrolled) {
                List<Image> images = byPerson.get(person);
                List<TemplateAdaptation.Current> list = new ArrayList<>();
                for (Image image : images.subList(0, Math.min(ENROLLED_IMAGES, images.size()))) {
                    fixed.add(new Template(person, image.descriptor(), VERSION));
                    list.add(new TemplateAdaptation.Current(image.descriptor(), false));
                }
                current.put(person, list);
                sync(adapted, person, list);
            }
            java.util.Set<String> inGallery = new java.util.HashSet<>(enrolled);
            for (String person : enrolled) {
                List<Image> images = byPerson.get(person);
                boolean lastRefused = false;
                int number = 0;
                for (Image probe : images.subList(Math.min(ENROLLED_IMAGES, images.size()), images.size())) {
                    number++;
                    List<float[]> frames = List.of(probe.descriptor());
                    Attempt without = attempt(fixed, person, true, frames);
                    Identification id = adapted.identify(frames, user -> true);
                    Attempt with = Attempt.of(id, true, person);
                    logins.add(new Login(number, without, with));
                    if (id.accepted()) {
                        List<TemplateAdaptation.Current> list = current.get(id.candidateUserId());
                        var decision = adaptation.decide(new TemplateAdaptation.Login(frames, id.bestDistance(),
                                id.margin(), lastRefused), list);
                        if (decision.add()) {
                            if (decision.replace() >= 0) {
                                list.remove(decision.replace());
                            }
                            list.add(new TemplateAdaptation.Current(decision.frame(), true));
                            sync(adapted, id.candidateUserId(), list);
                            added++;
                            if (!person.equals(id.candidateUserId())) {
                                addedToWrongUser++;
                            }
                        }
                    }
                    lastRefused = !id.accepted();
                }
            }
            for (String person : people) {
                if (!inGallery.contains(person)) {
                    for (Image probe : byPerson.get(person)) {
                        strangers.add(attempt(adapted, person, false, List.of(probe.descriptor())));
                    }
                }
            }
        }
        return new AdaptationRun(galleryUsers, rounds, logins, strangers, added, addedToWrongUser);
    }

    private static void sync(Gallery gallery, String person, List<TemplateAdaptation.Current> list) {
        gallery.replace(person, list.stream().map(c -> new Template(person, c.descriptor(), VERSION)).toList());
    }

    /**
     * One login of a target.
     *
     * @param number  1 for the person's first login after setup, 2 for the next...
     * @param without the search against the setup templates only
     * @param with    the search against the templates adapted by the earlier logins
     */
    public record Login(int number, Attempt without, Attempt with) {
    }

    /**
     * @param galleryUsers     N
     * @param rounds           galleries drawn
     * @param logins           every target's logins, in order
     * @param strangers        the strangers' searches against the adapted templates
     * @param added            templates added by logins
     * @param addedToWrongUser of those, added to a user the login was not of
     */
    public record AdaptationRun(int galleryUsers, int rounds, List<Login> logins, List<Attempt> strangers,
                                int added, int addedToWrongUser) {
    }

    private static Attempt attempt(Gallery gallery, String person, boolean mated, List<float[]> frames) {
        return Attempt.of(gallery.identify(frames, user -> true), mated, person);
    }

    /**
     * Per-comparison false match rate of a verification threshold on one half: every image against every image of
     * the half's other people.
     *
     * @param part      which half
     * @param threshold a distance
     * @return {@code [comparisons, false matches]} (distance ≤ threshold)
     */
    public long[] impostorComparisons(Part part, double threshold) {
        List<Image> all = new ArrayList<>();
        people(part).forEach(p -> all.addAll(byPerson.get(p)));
        long comparisons = 0;
        long matches = 0;
        for (int i = 0; i < all.size(); i++) {
            Image a = all.get(i);
            for (int j = i + 1; j < all.size(); j++) {
                Image b = all.get(j);
                if (!a.person().equals(b.person())) {
                    comparisons++;
                    if (Descriptors.distance(a.descriptor(), b.descriptor()) <= threshold) {
                        matches++;
                    }
                }
            }
        }
        return new long[] {comparisons, matches};
    }

    /**
     * 1:1 against enrolled users on one half, with the server's own {@link Gallery#verify}: every target enrolled
     * from its first {@value #ENROLLED_IMAGES} images; genuine attempts are the target's other images, impostor
     * attempts every image of every other person of the half against the target.
     *
     * @param part   which half
     * @param policy the policy whose verification threshold decides
     * @return {@code [genuine attempts, genuine accepted, impostor attempts, impostor accepted]}
     */
    public long[] verificationAgainstUsers(Part part, MatchPolicy policy) {
        List<String> people = people(part);
        long[] counts = new long[4];
        for (String target : targets(part)) {
            Gallery gallery = new Gallery(policy, VERSION);
            List<Image> images = byPerson.get(target);
            images.subList(0, ENROLLED_IMAGES)
                    .forEach(i -> gallery.add(new Template(target, i.descriptor(), VERSION)));
            for (Image probe : images.subList(ENROLLED_IMAGES, images.size())) {
                counts[0]++;
                counts[1] += gallery.verify(target, probe.descriptor()).match() ? 1 : 0;
            }
            for (String other : people) {
                if (!other.equals(target)) {
                    for (Image probe : byPerson.get(other)) {
                        counts[2]++;
                        counts[3] += gallery.verify(target, probe.descriptor()).match() ? 1 : 0;
                    }
                }
            }
        }
        return counts;
    }

    /**
     * One round's enrolled people: the targets in random order, cut to {@code galleryUsers}, or filled up to it with
     * people who have too few images to be targets (in random order).
     *
     * @param targets      people with enough images to be probed
     * @param others       people enrolled only to fill the gallery
     * @param galleryUsers gallery size N
     * @param random       the protocol's seeded source (draws in the same order every run)
     * @return N names, a new list
     */
    private static List<String> drawGallery(List<String> targets, List<String> others, int galleryUsers,
                                            Random random) {
        List<String> enrolled = new ArrayList<>(targets);
        Collections.shuffle(enrolled, random);
        if (enrolled.size() > galleryUsers) {
            return new ArrayList<>(enrolled.subList(0, galleryUsers));
        }
        List<String> fill = new ArrayList<>(others);
        Collections.shuffle(fill, random);
        enrolled.addAll(fill.subList(0, galleryUsers - enrolled.size()));
        return enrolled;
    }
}
