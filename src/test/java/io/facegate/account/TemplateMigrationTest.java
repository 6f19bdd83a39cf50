package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.match.Descriptors;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;

/**
 * Start-up migration of templates made by another pipeline: recomputed from the label image when it is there,
 * else deleted, and the account page then shows Face ID as not set up.
 */
class TemplateMigrationTest extends WebTestBase {

    @Autowired
    FaceTemplateStore store;
    @Autowired
    TemplateMigration migration;
    @Autowired
    FrameAnalyzer frames;

    @Test
    void recomputesFromTheLabelImageOrDeletes() throws Exception {
        FaceSamples.Person person = FaceSamples.distinctPeople(1, 0.8).get(0);
        String kept = uniqueName();
        String lost = uniqueName();
        register(kept);
        MockHttpSession lostSession = register(lost);
        long keptId = principal(kept).getId();
        long lostId = principal(lost).getId();
        // Both enrolled by face-api.js's pipeline (the old default): descriptor as the browser computed it.
        String old = Pipeline.FACEAPI.version();
        assertThat(frames.pipelineVersion()).isEqualTo(Pipeline.SERVER.version()).isNotEqualTo(old);
        store.add(keptId, person.descriptor(), old, person.png());
        store.add(lostId, person.descriptor(), old, null);

        TemplateMigration.Result result = migration.migrate();

        // Other test classes share this database and leave templates of their own versions: count at least ours.
        assertThat(result.recomputed()).isGreaterThanOrEqualTo(1);
        assertThat(result.deleted()).isGreaterThanOrEqualTo(1);
        assertThat(store.all()).allSatisfy(t -> assertThat(t.getPipelineVersion()).isEqualTo(frames.pipelineVersion()));
        List<FaceTemplate> migrated = store.forUser(keptId);
        assertThat(migrated).hasSize(1);
        assertThat(migrated.get(0).getPipelineVersion()).isEqualTo(Pipeline.SERVER.version());
        float[] expected = ((FrameAnalyzer.Accepted) frames.analyze(person.png())).face().descriptor();
        assertThat(Descriptors.distance(migrated.get(0).getDescriptor(), expected)).isLessThan(1e-6);
        // The server pipeline's descriptor differs from face-api.js's for the same face, but not by much.
        assertThat(Descriptors.distance(migrated.get(0).getDescriptor(), person.descriptor()))
                .isGreaterThan(1e-3).isLessThan(0.5);
        assertThat(store.forUser(lostId)).isEmpty();
        mvc.perform(get("/account").session(lostSession).accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Face ID is not set up")));

        assertThat(migration.migrate()).isEqualTo(new TemplateMigration.Result(0, 0));
    }
}
