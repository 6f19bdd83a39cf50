package io.facegate.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The load run's client (run by {@code scripts/load-run.sh}, never by {@code mvn verify}): {@code setup} makes
 * the accounts through the HTTP API; {@code run} runs scenarios, each with a number of concurrent clients for a
 * time, and prints per scenario the logins done, errors, logins/s and latency percentiles (ms). Exits 1 when any
 * login failed, 2 on bad arguments. The challenge scenarios expect an app started afresh, whose replay memory holds
 * no answer of an earlier run (the script restarts it).
 */
public final class LoadRun {

    /** Scenario names, in the order the script runs them. */
    static final List<String> SCENARIOS = List.of("password", "face-1to1", "face-1toN", "challenge-1to1",
            "challenge-1toN", "challenge-1to1-many");

    private final LoadOptions options;
    private final PrintStream out;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Browsers browsers;

    /**
     * @param options the command line
     * @param out     where the figures go
     */
    LoadRun(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.browsers = new Browsers(http, options.url(), json, options.timeout(), options.forwarded());
    }

    /**
     * @param args see {@link LoadOptions#USAGE}
     */
    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LoadRun run = new LoadRun(options, System.out);
        int errors = switch (options.command()) {
            case "setup" -> run.setup();
            case "seed" -> run.seed();
            default -> run.scenarios();
        };
        System.exit(errors == 0 ? 0 : 1);
    }

    private int setup() throws IOException {
        try {
            LoadState state = new LoadSetup(browsers, out).run(options.clients(), new PeopleFrames(),
                    new HeadTurnClip(), options.clipCopies());
            Files.writeString(options.state(), json.writeValueAsString(state));
            return 0;
        } catch (LoginFailure e) {
            out.println("Set-up failed: " + e.kind() + ": " + e.getMessage());
            return 1;
        }
    }

    private int seed() throws IOException {
        LoadState state = json.readValue(Files.readString(options.state()), LoadState.class);
        try {
            ClipCopies.seed(options.databaseUrl(), state, options.clipCopies(), out);
            return 0;
        } catch (java.sql.SQLException | IllegalStateException e) {
            out.println("Seeding failed: " + e.getMessage());
            return 1;
        }
    }

    private int scenarios() throws IOException, InterruptedException {
        LoadState state = json.readValue(Files.readString(options.state()), LoadState.class);
        List<ScenarioReport> reports = new ArrayList<>();
        HeadTurnClip clip = null;
        Map<Boolean, Map<Integer, byte[]>> captured = null;
        Takes takes = null;
        List<FaceAccount> faces = null;
        for (String name : options.scenarios()) {
            LoginFlow flow;
            if (name.equals("password")) {
                flow = new PasswordLogin(browsers, state.passwordUsers(), state.password());
            } else if (name.startsWith("face-")) {
                if (faces == null) {
                    faces = faceAccounts(state);
                }
                flow = new FrameLogin(browsers, faces, name.equals("face-1to1"));
            } else {
                if (clip == null) {
                    clip = new HeadTurnClip();
                    captured = Map.of(false, clip.captured(false), true, clip.captured(true));
                    takes = Takes.analysed(captured);
                    out.printf("Challenge answers: the clip's movements sent as every %drd frame from one of %d"
                            + " phases, mirrored or not; a take only when the app's replay memory, fed the account's"
                            + " answers in flight and its last %d, does not call it a replay.%n", HeadTurnClip.PHASES,
                            HeadTurnClip.PHASES, Takes.HISTORY);
                }
                boolean many = name.equals("challenge-1to1-many");
                if (many && state.clipCopies().isEmpty()) {
                    out.println("challenge-1to1-many needs the set-up's clip copies (--clip-copies) seeded first.");
                    return 1;
                }
                // Each account has its own takes (the app's replay memory is per account); the clip account's
                // carry over from one scenario to the next, as the app's memory does.
                ChallengeLogin.Accounts accounts = many ? ChallengeLogin.Accounts.of(state.clipCopies(), takes)
                        : ChallengeLogin.Accounts.of(List.of(state.clipUser()), takes);
                flow = new ChallengeLogin(browsers, clip, captured, accounts, !name.equals("challenge-1toN"));
            }
            if (!options.warmup().isZero()) {
                out.printf("%s: warming up, %d clients for %d s, not counted ...%n", name, options.clients(),
                        options.warmup().toSeconds());
                ScenarioReport warm = new ClosedLoop(options.clients(), options.warmup(), out).run(name, flow);
                out.println(ScenarioReport.header());
                out.println(warm.row() + "   (warm-up)");
                reports.add(warm);
            }
            out.printf("%s: %d clients for %d s ...%n", name, options.clients(), options.duration().toSeconds());
            AppCpu cpu = AppCpu.of(options.appPid());
            ScenarioReport report = new ClosedLoop(options.clients(), options.duration(), out).run(name, flow);
            reports.add(report);
            out.println(ScenarioReport.header());
            out.println(report.row());
            cpu.print(out, options.label(), name, report.logins());
            if (flow instanceof ChallengeLogin c) {
                out.printf(Locale.ROOT, "  frames per answer sent: %.1f on average%n", c.accounts().framesPerAnswer());
            }
            report.errorKinds().forEach((kind, n) -> out.printf("  errors %s: %d%n", kind, n));
            if (options.results() != null) {
                if (!Files.exists(options.results())) {
                    Files.writeString(options.results(), String.format(Locale.ROOT, "%-9s %s%n", "database",
                            ScenarioReport.header()), StandardCharsets.UTF_8);
                }
                Files.writeString(options.results(), String.format(Locale.ROOT, "%-9s %s%n", options.label(),
                        report.row()), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        return reports.stream().mapToInt(ScenarioReport::errors).sum();
    }

    private List<FaceAccount> faceAccounts(LoadState state) {
        PeopleFrames people = new PeopleFrames();
        List<FaceAccount> out = new ArrayList<>();
        for (int i = 0; i < state.faceUsers().size(); i++) {
            List<byte[]> frames = people.frames(state.faceIndexes().get(i));
            // The framings not shown to Face ID setup: the app refuses a stored label image as a login frame.
            out.add(new FaceAccount(state.faceUsers().get(i),
                    frames.subList(LoadSetup.ENROLLED_FRAMINGS, frames.size())));
        }
        return out;
    }
}
