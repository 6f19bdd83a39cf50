package io.facegate.account;

import io.facegate.face.match.Descriptors;
import io.facegate.face.match.Template;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The enrolled faces of every account but one, as the uniqueness check of Face ID setup sees them under the
 * enrollment lock: the in-memory gallery for the accounts it is known to hold up to date, and rows just read from
 * the database for the accounts changed since the gallery's last sync.
 *
 * @param gallery     the in-memory gallery
 * @param fromGallery which account ids to take from it
 * @param fresh       the templates of the other accounts, read from the database
 */
public record OtherFaces(EnrolledGallery gallery, LongPredicate fromGallery, List<Template> fresh) {

    /**
     * @param probe {@code float[128]}
     * @return the smallest distance from the probe to any other account's template ({@code +∞} if there is none)
     * @throws IllegalArgumentException if the probe is not 128 finite numbers
     */
    public double nearest(float[] probe) {
        double best = gallery.identify(probe, fromGallery).bestDistance();
        for (Template t : fresh) {
            best = Math.min(best, Descriptors.distance(t.descriptor(), probe));
        }
        return best;
    }
}
