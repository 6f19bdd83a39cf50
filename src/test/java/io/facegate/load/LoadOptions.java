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
 */
record LoadOptions(String command, URI url, Path state, Path results, String label, int clients, Duration duration,
                   Duration timeout, boolean forwarded, List<String> scenarios) {

    /** The usage line. */
    static final String USAGE = "usage: LoadRun setup|run --url URL --state FILE [--results FILE] [--label WORD] "
            + "[--clients 50] [--seconds 60] [--timeout-seconds 600] [--direct] "
            + "[scenario ...]\nscenarios: " + String.join(", ", LoadRun.SCENARIOS);

    /**
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException with the usage, when they cannot be read
     */
    static LoadOptions parse(String[] args) {
        if (args.length == 0 || !(args[0].equals("setup") || args[0].equals("run"))) {
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
                default -> {
                    if (!LoadRun.SCENARIOS.contains(a)) {
                        throw new IllegalArgumentException("Unknown argument '" + a + "'.\n" + USAGE);
                    }
                    scenarios.add(a);
                }
            }
        }
        if (url == null || state == null || clients < 1 || seconds < 1 || clients > Browsers.MAX_ADDRESSES) {
            throw new IllegalArgumentException("--url and --state are needed, 1 to " + Browsers.MAX_ADDRESSES
                    + " clients and at least 1 s.\n" + USAGE);
        }
        return new LoadOptions(args[0], url, state, results, label, clients, Duration.ofSeconds(seconds),
                Duration.ofSeconds(timeout), forwarded, List.copyOf(scenarios));
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
