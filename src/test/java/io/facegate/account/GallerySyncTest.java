package io.facegate.account;

import static io.facegate.testsupport.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facegate.cleanup.CleanupService;
import io.facegate.config.FaceGateProperties;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import io.facegate.support.WebTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gallery sync on SQLite: a second instance (its own {@link EnrolledGallery} and {@link GallerySync}, built
 * from the same database, repositories and settings as the application's) follows every change the application
 * makes, and rows written directly with ids out of order are still read. Descriptors are unit vectors along one
 * axis each, so two of them are √2 apart and a probe equal to one is at distance 0.
 */
class GallerySyncTest extends WebTestBase {

    @Autowired
    EnrolledGallery gallery;
    @Autowired
    GallerySync sync;
    @Autowired
    GalleryChanges changes;
    @Autowired
    FaceTemplateRepository templateRows;
    @Autowired
    FaceTemplateStore store;
    @Autowired
    AccountService accounts;
    @Autowired
    TemplateMigration migration;
    @Autowired
    LabelStore labels;
    @Autowired
    MatchPolicy policy;
    @Autowired
    FaceGateProperties properties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    CleanupService cleanup;

    /**
     * The other instance's settings: its gallery sync polls every 250 ms, so that each step below waits a quarter
     * of a second for the poll instead of up to the default 2 s; the steps still allow 3 default intervals (6 s).
     */
    private static final FaceGateProperties OTHER_INSTANCE = new Binder(new MapConfigurationPropertySource(
            Map.of("facegate.face.gallery-sync-interval", "250ms"))).bind("facegate", FaceGateProperties.class).get();

    private EnrolledGallery otherGallery;
    private GallerySync otherSync;

    @BeforeEach
    void secondInstance() {
        otherGallery = new EnrolledGallery(policy, gallery.pipelineVersion(), templateRows);
        otherSync = new GallerySync(otherGallery, changes, OTHER_INSTANCE);
    }

    @AfterEach
    void stopSecondInstance() {
        otherSync.stop();
        removeEveryFaceId();
    }

    private static float[] axis(int i) {
        float[] d = new float[128];
        d[i] = 1f;
        return d;
    }

    private long newUser() {
        return accounts.register(uniqueName(), PASSWORD).getId();
    }

    /** Whether a 1:N search ranks the user first (these hand-made templates are too far apart to be accepted). */
    private boolean ranksFirst(EnrolledGallery g, long userId, float[] probe) {
        return String.valueOf(userId).equals(g.identify(probe).candidateUserId());
    }

    @Test
    void aSecondInstanceFollowsEveryKindOfChangeWithinSeconds() throws Exception {
        otherSync.start(); // loads the gallery, then polls every 250 ms (OTHER_INSTANCE)
        String version = gallery.pipelineVersion();
        Duration soon = properties.face().gallerySyncInterval().multipliedBy(3);

        // Face ID setup: this instance at once, the other within a few seconds.
        long alice = newUser();
        store.replaceAll(alice, List.of(new FaceTemplateStore.NewTemplate(axis(1), null),
                new FaceTemplateStore.NewTemplate(axis(2), null)), version);
        assertThat(gallery.templates(alice)).hasSize(2);
        assertThat(ranksFirst(gallery, alice, axis(2))).isTrue();
        within(soon, "the other instance has alice's 2 templates", () -> otherGallery.templates(alice).size() == 2);
        assertThat(ranksFirst(otherGallery, alice, axis(1))).isTrue();

        // One label deleted.
        long second = store.forUser(alice).get(1).getId();
        accounts.deleteTemplate(alice, second);
        assertThat(gallery.templates(alice)).hasSize(1);
        within(soon, "the other instance drops the deleted template", () -> otherGallery.templates(alice).size() == 1);
        assertThat(otherGallery.verify(alice, axis(2)).match()).isFalse();
        assertThat(otherGallery.verify(alice, axis(1)).match()).isTrue();

        // Face ID removed.
        accounts.removeFaceId(alice);
        assertThat(gallery.templates(alice)).isEmpty();
        within(soon, "the other instance drops alice", () -> otherGallery.templates(alice).isEmpty());

        // Account deleted (with its templates, by the database's cascade).
        long bob = newUser();
        store.add(bob, axis(3), version, null);
        within(soon, "the other instance has bob", () -> otherGallery.templates(bob).size() == 1);
        accounts.deleteAccount(bob);
        assertThat(gallery.templates(bob)).isEmpty();
        within(soon, "the other instance drops deleted bob", () -> otherGallery.templates(bob).isEmpty());

        // Template migration: a template of another pipeline is not held; once re-described it is.
        long carol = newUser();
        FaceTemplate old = store.add(carol, axis(4), "an-older-pipeline", null);
        assertThat(store.redescribe(old.getId(), axis(5), version)).isTrue();
        assertThat(gallery.templates(carol)).hasSize(1);
        within(soon, "the other instance has carol's migrated template", () -> otherGallery.templates(carol).size() == 1);
        assertThat(otherGallery.verify(carol, axis(5)).match()).isTrue();

        // The cleanup deleting an expired account.
        clock.set(Instant.now().minus(Duration.ofDays(30)));
        long dave = newUser();
        clock.reset();
        store.add(dave, axis(6), version, null);
        within(soon, "the other instance has dave", () -> otherGallery.templates(dave).size() == 1);
        assertThat(cleanup.run().usersDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(users.findById(dave)).isEmpty();
        assertThat(gallery.templates(dave)).isEmpty();
        within(soon, "the other instance drops expired dave", () -> otherGallery.templates(dave).isEmpty());

        // Both galleries hold exactly what the database holds.
        otherSync.syncNow();
        assertThat(otherGallery.templateCount()).isEqualTo(gallery.templateCount())
                .isEqualTo(templateRows.findByPipelineVersion(version).size());
        assertThat(otherGallery.userCount()).isEqualTo(gallery.userCount());
    }

    @Test
    void rowsWrittenDirectlyWithIdsOutOfOrderAreStillRead() {
        String version = gallery.pipelineVersion();
        otherSync.syncNow(); // the first call loads everything
        long base = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM gallery_changes", Long.class);
        long erin = newUser();
        long frank = newUser();

        // Erin's change took id base + 5 and committed; ids base + 1 … base + 4 have not committed yet.
        writeDirectly(erin, axis(7), version, base + 5);
        otherSync.syncNow();
        assertThat(otherGallery.templates(erin)).hasSize(1);
        assertThat(frankIsHeld(frank)).isFalse();

        // Frank's change, id base + 2, commits after base + 5 was read: the next poll reads it all the same.
        writeDirectly(frank, axis(8), version, base + 2);
        otherSync.syncNow();
        assertThat(frankIsHeld(frank)).isTrue();
        assertThat(otherGallery.verify(frank, axis(8)).match()).isTrue();
        assertThat(otherGallery.identify(axis(8)).userId()).contains(String.valueOf(frank));
    }

    private boolean frankIsHeld(long frank) {
        return !otherGallery.templates(frank).isEmpty();
    }

    /** Writes a template row and its change row with a chosen id in one transaction, as another instance would. */
    private void writeDirectly(long userId, float[] descriptor, String version, long changeId) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO face_templates (user_id, descriptor, pipeline_version, created_at) VALUES (?, ?, ?, ?)",
                    userId, FaceTemplate.encode(descriptor), version, java.sql.Timestamp.from(Instant.now()));
            jdbc.update("INSERT INTO gallery_changes (id, user_id, changed_at) VALUES (?, ?, ?)", changeId, userId,
                    System.currentTimeMillis());
        });
    }

    @Test
    void theUniquenessCheckSeesEnrollmentsOfOtherInstancesBeforeTheyAreSynced() {
        String version = gallery.pipelineVersion();
        otherSync.syncNow();
        // The second instance's own store: its enrollments check uniqueness through otherSync.
        FaceTemplateStore otherStore = new FaceTemplateStore(templateRows, labels, clock, otherSync);
        long grace = newUser();
        long heidi = newUser();
        float[] face = axis(9);

        // Grace enrolls on "this" instance; the other instance has not synced yet.
        store.replaceAll(grace, List.of(new FaceTemplateStore.NewTemplate(face, null)), version);
        assertThat(otherGallery.templates(grace)).isEmpty();
        FaceTemplateStore.Conflict sameFace = others -> others.nearest(face) <= policy.identificationThreshold();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> otherStore.replaceAll(heidi,
                List.of(new FaceTemplateStore.NewTemplate(face, null)), version, sameFace)))
                .isInstanceOf(FaceTemplateStore.FaceNotUniqueException.class);
        assertThat(templateRows.countByUserId(heidi)).as("nothing written").isZero();

        // Grace removes Face ID; the other instance still holds her face but must not refuse Heidi for it.
        otherSync.syncNow();
        assertThat(otherGallery.templates(grace)).hasSize(1);
        accounts.removeFaceId(grace);
        assertThat(otherGallery.templates(grace)).as("not synced yet").hasSize(1);
        Integer stored = transactions.execute(status -> otherStore.replaceAll(heidi,
                List.of(new FaceTemplateStore.NewTemplate(face, null)), version, sameFace));
        assertThat(stored).isEqualTo(1);
        assertThat(otherGallery.templates(heidi)).as("its own change, at once").hasSize(1);
        otherSync.syncNow();
        assertThat(otherGallery.templates(grace)).isEmpty();
    }

    @Test
    void aChangeRolledBackLeavesNoRowAndNoTrace() {
        String version = gallery.pipelineVersion();
        long ivan = newUser();
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM gallery_changes WHERE user_id = ?", Long.class, ivan);
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            store.add(ivan, axis(10), version, null);
            throw new IllegalStateException("rolled back on purpose");
        })).hasMessage("rolled back on purpose");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gallery_changes WHERE user_id = ?", Long.class, ivan))
                .isEqualTo(before).isZero();
        assertThat(gallery.templates(ivan)).isEmpty();
        assertThatThrownBy(() -> sync.recordChange(ivan)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    @Test
    void oldChangeRowsArePrunedByTheCleanup() {
        long judy = newUser();
        clock.set(Instant.now().minus(Duration.ofHours(2)));
        store.add(judy, axis(11), gallery.pipelineVersion(), null);
        clock.reset();
        long kept = newUser();
        store.add(kept, axis(12), gallery.pipelineVersion(), null);
        assertThat(cleanup.run().galleryChangesDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gallery_changes WHERE user_id = ?", Long.class, judy))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gallery_changes WHERE user_id = ?", Long.class, kept))
                .isEqualTo(1);
        List<Template> held = gallery.templates(judy);
        assertThat(held).as("pruning a row changes no gallery").hasSize(1);
    }
}
