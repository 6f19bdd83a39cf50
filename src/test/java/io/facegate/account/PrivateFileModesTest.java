package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.FaceGateApplication;
import io.facegate.config.InvalidSettingException;
import io.facegate.config.PrivateFiles;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;

/**
 * Face data and the SQLite database are private on disk: after a Face ID setup the labels folder and the user's
 * folder are 0700 and the label images 0600, the database file 0600; existing files are tightened; an unwritable
 * {@code LABELS_DIR} stops start-up with one sentence.
 */
class PrivateFileModesTest extends WebTestBase {

    @TempDir
    Path dir;

    @Test
    void afterASetupFoldersAre0700AndFiles0600() throws Exception {
        removeEveryFaceId(); // so the face is not enrolled for another account of this shared context
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        FaceSamples.Person person = FaceSamples.distinctPeople(3, 0.8).get(1);
        var request = multipart("/setupfaceid");
        for (byte[] frame : List.of(person.shot(0), person.jpeg(), person.shot(1))) {
            request.file(new MockMultipartFile("frames", "f.png", frame[0] == (byte) 0x89 ? "image/png" : "image/jpeg",
                    frame));
        }
        mvc.perform(request.param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());

        Path folder = labelsRoot().resolve(Long.toString(id));
        assertThat(mode(labelsRoot())).isEqualTo("rwx------");
        assertThat(mode(folder)).isEqualTo("rwx------");
        try (var files = Files.list(folder)) {
            List<Path> images = files.toList();
            assertThat(images).hasSize(3);
            for (Path image : images) {
                assertThat(mode(image)).as(image.toString()).isEqualTo("rw-------");
            }
        }
        assertThat(mode(labelsRoot().resolveSibling("facegate.db"))).isEqualTo("rw-------");
    }

    @Test
    void existingFilesAreTightened() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("labels/7"));
        Path image = Files.write(folder.resolve("a.png"), new byte[] {1});
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        new FileLabelStore(dir.resolve("labels")).prepare();
        assertThat(mode(dir.resolve("labels"))).isEqualTo("rwx------");
        assertThat(mode(folder)).isEqualTo("rwx------");
        assertThat(mode(image)).isEqualTo("rw-------");
        Path db = Files.write(dir.resolve("old.db"), new byte[0]);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.touch(db);
        assertThat(mode(db)).isEqualTo("rw-------");
    }

    @Test
    void anUnwritableLabelsDirStopsStartUpWithOneSentence() throws Exception {
        Path notAFolder = Files.write(dir.resolve("a-file"), new byte[] {1});
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(FaceGateApplication.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off")
                .run("--facegate.database-url=sqlite:///" + dir.resolve("f.db"),
                        "--facegate.labels-dir=" + notAFolder.resolve("labels"), "--facegate.cleanup.enabled=false")
                .close());
        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (!(root instanceof InvalidSettingException) && root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("LABELS_DIR (").hasMessageContaining("cannot be written");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
