package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Render blueprint ({@code render.yaml}) describes the deployment the README promises: the web service built
 * from the Dockerfile with its health check, its PostgreSQL database as {@code DATABASE_URL}, generated
 * {@code SECRET_KEY} and {@code TASK_TOKEN}, images in the database, and the hourly cron job that runs
 * the original app's cron line (also {@code scripts/cleanup-cron.sh}) with the web service's {@code TASK_TOKEN} and an {@code APP_URL}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderBlueprintTest {

    private Map<String, Object> blueprint;
    private Map<String, Object> web;
    private Map<String, Object> cron;

    @BeforeAll
    void read() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("render.yaml"))) {
            blueprint = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        web = service("web");
        cron = service("cron");
    }

    @Test
    void theWebServiceIsBuiltFromTheDockerfileAndHealthChecked() {
        assertThat(web.get("runtime")).isEqualTo("docker");
        assertThat(web.get("dockerfilePath")).isEqualTo("./Dockerfile");
        assertThat(Path.of((String) web.get("dockerfilePath"))).isRegularFile();
        assertThat(web.get("healthCheckPath")).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void theWebServiceGetsItsDatabaseGeneratedSecretsAndImagesInTheDatabase() {
        List<Map<String, Object>> databases = list(blueprint, "databases");
        assertThat(databases).hasSize(1);
        Object database = databases.get(0).get("name");
        assertThat(env(web, "DATABASE_URL").get("fromDatabase"))
                .isEqualTo(Map.of("name", database, "property", "connectionString"));
        assertThat(env(web, "SECRET_KEY").get("generateValue")).isEqualTo(true);
        assertThat(env(web, "TASK_TOKEN").get("generateValue")).isEqualTo(true);
        assertThat(env(web, "LABELS_STORE").get("value")).isEqualTo("db");
    }

    @Test
    void everyVariableGivenToTheWebServiceIsOneTheApplicationReads() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        for (Map<String, Object> variable : list(web, "envVars")) {
            if (JVM_VARIABLES.contains(variable.get("key"))) {
                continue;
            }
            assertThat(properties).as("application.properties reads " + variable.get("key"))
                    .contains("${" + variable.get("key") + ":");
        }
    }

    /** Variables read by the JVM rather than by the application. */
    private static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS");

    /** The web service's JVM options are the Docker image's (heap limit, collector, class-data sharing, C2 thresholds). */
    @Test
    void theWebServiceGetsTheDockerImagesJvmOptions() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Object options = env(web, "JAVA_TOOL_OPTIONS").get("value");
        assertThat(options).asString().contains("-XX:MaxRAMPercentage=40", "-XX:SharedArchiveFile=",
                "-XX:TrimNativeHeapInterval=", "-XX:Tier4InvocationThreshold=50000");
        assertThat(dockerfile).contains("JAVA_TOOL_OPTIONS=\"" + options + "\"");
    }

    @Test
    void theCronJobRunsTheOriginalCronLineHourlyWithTheWebServicesToken() throws IOException {
        assertThat(cron.get("schedule")).isEqualTo("0 * * * *");
        String original = "curl -fsS -X POST -H \"X-Task-Token: $TASK_TOKEN\" \"$APP_URL/tasks/cleanup\"";
        assertThat((String) cron.get("startCommand")).isEqualTo(original);
        List<String> script = Files.readAllLines(Path.of("scripts/cleanup-cron.sh")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(script).as("scripts/cleanup-cron.sh is that one line").containsExactly(original);
        assertThat(env(cron, "TASK_TOKEN").get("fromService"))
                .isEqualTo(Map.of("type", "web", "name", web.get("name"), "envVarKey", "TASK_TOKEN"));
        Map<String, Object> appUrl = env(cron, "APP_URL");
        assertThat(appUrl.get("sync")).as("APP_URL is set by the operator to the web service's URL").isEqualTo(false);
    }

    private Map<String, Object> service(String type) {
        List<Map<String, Object>> matching = list(blueprint, "services").stream()
                .filter(s -> type.equals(s.get("type"))).toList();
        assertThat(matching).as("one service of type " + type).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> env(Map<String, Object> service, String key) {
        List<Map<String, Object>> matching = list(service, "envVars").stream()
                .filter(v -> key.equals(v.get("key"))).toList();
        assertThat(matching).as(service.get("name") + " sets " + key + " once").hasSize(1);
        return matching.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
