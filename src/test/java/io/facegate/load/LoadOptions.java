package io.facegate.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link LoadRun}.
 *
 * @param command    {@code setup} or {@code run}
 * @param url        the app's address
 * @param state      the accounts file written by {@code setup} and read by {@code run}
 * @param results    a file each scenario's figures are appended to (as printed, under a heading line), or null
 * @param label      a word added to each result line (e.g. the database)
 * @param clients    concurrent clients
 * @param duration   how long each scenario starts logins, s
 * @param timeout    longest wait for one answer, s
 * @param forwarded  each client has its own address (X-Forwarded-For through a trusted proxy)
 * @param scenarios  scenarios to run
 * @param clipCopies accounts {@code setup} registers for the clip person's copied templates (0: none)
 * @param databaseUrl the app's database, for {@code seed} ({@link ClipCopies}); null otherwise
 * @param warmup     how long each scenario runs first, not counted (zero: no warm-up)
 * @param appPid     the app's process on this machine, whose CPU time per login is printed (0: not measured)
 */
record LoadOptions(String command, URI url, Path state, Path results, String label, int clients, Duration duration,
                   Duration timeout, boolean forwarded, List<String> scenarios, int clipCopies, String databaseUrl,
                   Duration warmup, long appPid) {

    /** The usage line. */
    static final String USAGE = "usage: LoadRun setup|run|seed --url URL --state FILE [--results FILE] [--label WORD] "
            + "[--clients 50] [--seconds 60] [--timeout-seconds 600] [--direct] [--clip-copies 0] "
            + "[--database-url URL (seed)] [--warmup-seconds 0] [--app-pid PID] [scenario ...]\nscenarios: " + String.join(", ", LoadRun.SCENARIOS);

    /**
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException with the usage, when they cannot be read
     */
    static LoadOptions parse(String[] args) {
        if (args.length == 0 || !List.of("setup", "run", "seed").contains(args[0])) {
            throw new IllegalArgumentException(USAGE);
        }
        URI url = null;
        Path state = null;
        Path results = null;
        String label = "";
        int clients = 50;
        int seconds = 60;
        int timeout = 600;
        boolean forwarded = true;
        List<String> scenarios = new ArrayList<>();
        int clipCopies = 0;
        String databaseUrl = null;
        int warmup = 0;
        long appPid = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = URI.create(value(args, ++i));
                case "--state" -> state = Path.of(value(args, ++i));
                case "--results" -> results = Path.of(value(args, ++i));
                case "--label" -> label = value(args, ++i);
                case "--clients" -> clients = number(args, ++i);
                case "--seconds" -> seconds = number(args, ++i);
                case "--timeout-seconds" -> timeout = number(args, ++i);
                case "--direct" -> forwarded = false;
                case "--clip-copies" -> clipCopies = number(args, ++i);
                case "--database-url" -> databaseUrl = value(args, ++i);
                case "--warmup-seconds" -> warmup = number(args, ++i);
                case "--app-pid" -> appPid = number(args, ++i);
                default -> {
                    if (!LoadRun.SCENARIOS.contains(a)) {
                        throw new IllegalArgumentException("Unknown argument '" + a + "'.\n" + USAGE);
                    }
                    scenarios.add(a);
                }
            }
        }
        if (args[0].equals("seed") && databaseUrl == null) {
            throw new IllegalArgumentException("seed needs --database-url.\n" + USAGE);
        }
        if (url == null || state == null || clients < 1 || seconds < 1 || clients > Browsers.MAX_ADDRESSES
                || clipCopies < 0 || warmup < 0 || appPid < 0) {
            throw new IllegalArgumentException("--url and --state are needed, 1 to " + Browsers.MAX_ADDRESSES
                    + " clients and at least 1 s.\n" + USAGE);
        }
        return new LoadOptions(args[0], url, state, results, label, clients, Duration.ofSeconds(seconds),
                Duration.ofSeconds(timeout), forwarded, List.copyOf(scenarios), clipCopies, databaseUrl,
                Duration.ofSeconds(warmup), appPid);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value.\n" + USAGE);
        }
        return args[i];
    }

    private static int number(String[] args, int i) {
        try {
            return Integer.parseInt(value(args, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a whole number.\n" + USAGE);
        }
    }
}
