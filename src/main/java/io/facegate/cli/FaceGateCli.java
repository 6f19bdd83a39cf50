package io.facegate.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.weights.ModelSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The face engine's command line: {@code describe}, {@code compare}, {@code evaluate}, {@code benchmark}.
 * Runs without a Spring context.
 *
 * <p>Exit codes: {@code compare} 0 = same person, 1 = different people, 2 = error; the other commands 0 = ok,
 * 2 = error. Every error is a sentence on stderr (usage errors also print the command's usage).
 */
@Command(name = "facegate", mixinStandardHelpOptions = true, version = "FaceGate 0.1.0",
        description = "FaceGate face engine from the command line (the web server starts when no command is given).",
        subcommands = HelpCommand.class)
public final class FaceGateCli {

    /** Exit code of any error. */
    public static final int EXIT_ERROR = 2;

    /** picocli's system property that stops its factory looking for Groovy closures (picocli 4.6+). */
    private static final String DISABLE_CLOSURES = "picocli.disable.closures";

    /** Commands whose fixed cost the early load shortens: a few images, each needing the engine. */
    private static final Set<String> EARLY_ENGINE_COMMANDS = Set.of("describe", "compare");

    private FaceGateCli() {
    }

    /**
     * The web server takes only {@code --name=value} options, so any first argument that is a word (a command, or a
     * mistyped one that picocli then refuses with exit code 2), or {@code -h}/{@code --help} or
     * {@code -V}/{@code --version}, runs the command line.
     *
     * @param args the program arguments
     * @return whether the command line runs, not the web server
     */
    public static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return "-h".equals(first) || "--help".equals(first) || "-V".equals(first) || "--version".equals(first)
                || !first.startsWith("-");
    }

    /**
     * Builds the command line.
     *
     * @param engines   lends the face engine to a command (only once its options are checked);
     *                  {@link EngineLoan#LOAD_PER_COMMAND} in production
     * @param decoder   image decoder
     * @param out       standard output
     * @param err       standard error
     * @return the configured picocli command line
     */
    public static CommandLine commandLine(EngineLoan engines, ImageDecoder decoder, PrintWriter out,
                                          PrintWriter err) {
        return commandLine(engines, () -> decoder, out, err);
    }

    /** As {@link #commandLine(EngineLoan, ImageDecoder, PrintWriter, PrintWriter)}, the decoder given when needed. */
    static CommandLine commandLine(EngineLoan engines, Supplier<ImageDecoder> decoder, PrintWriter out,
                                   PrintWriter err) {
        CommandLine cl = new CommandLine(new FaceGateCli());
        cl.addSubcommand(new DescribeCommand(engines, decoder));
        cl.addSubcommand(new CompareCommand(engines, decoder));
        cl.addSubcommand(new EvaluateCommand(engines, decoder));
        cl.addSubcommand(new BenchmarkCommand(engines, decoder));
        cl.addSubcommand(new IdentificationCommand(engines, decoder));
        cl.addSubcommand(new WebcamCheckCommand(engines, decoder));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof CliException) {
                w.println(e.getMessage());
            } else if (causedByOutOfMemory(e)) {
                w.println(outOfMemoryMessage(Runtime.getRuntime().maxMemory()));
            } else {
                w.println("Unexpected error: " + e + ". Please report it with the command you ran.");
            }
            w.flush();
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println(e.getMessage());
            w.println("Run with --help to see the options.");
            w.flush();
            return EXIT_ERROR;
        });
        return cl;
    }

    /**
     * Runs a command on the process's stdout/stderr: the engine is loaded from the jar's models (or
     * {@code --models DIR}) with {@code --threads} ONNX Runtime intra-op threads, and images are decoded with
     * {@link DecodeLimits#defaults()}.
     *
     * <p>What a short run pays before its first image is done side by side rather than in turn: ImageIO's start
     * (its first use looks for plugins in every jar of the class path, in the packaged jar opening each nested jar)
     * on a thread of its own; and for {@link #loadsEngineEarly describe and compare with the default engine} the
     * networks' load on another ({@link EarlyEngineLoan}) and, for describe, the JSON writer's start on a third
     * ({@link JsonOutput#warmUp}), while picocli parses the arguments on the main thread. The output is the same as
     * in turn; a usage error is still reported at once.
     *
     * <p>A command that runs out of heap ({@link OutOfMemoryError}, also when thrown on a helper thread) prints a
     * sentence with the heap limit and how to raise it, and exits with {@link #EXIT_ERROR} (measured: {@code
     * describe} on one 250×250 photo runs in a 52 MB heap, on a 16-megapixel photo in 192 MB; README, Command line).
     *
     * @param args the program arguments, starting with the command name
     * @return the exit code
     */
    public static int run(String[] args) {
        try {
            return runCommand(args);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (!causedByOutOfMemory(e)) {
                throw e;
            }
            System.err.println(outOfMemoryMessage(Runtime.getRuntime().maxMemory()));
            return EXIT_ERROR;
        }
    }

    /**
     * @param maxHeapBytes the JVM's heap limit ({@link Runtime#maxMemory()})
     * @return the sentence printed when a command runs out of heap: the limit in MB and how to raise it
     */
    static String outOfMemoryMessage(long maxHeapBytes) {
        return "Out of memory: the Java heap (at most " + maxHeapBytes / (1024 * 1024) + " MB here) is too small for "
                + "this command and its images. Give it more, e.g. JAVA_OPTS=-Xmx512m scripts/facegate ... or "
                + "java -Xmx512m -jar facegate.jar ...";
    }

    /** @return whether {@code e} or one of its causes is an {@link OutOfMemoryError} */
    static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static int runCommand(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        boolean early = loadsEngineEarly(args);
        EarlyEngineLoan engines = early
                ? EarlyEngineLoan.start(ModelSource.classpath(), EngineOptions.DEFAULT_THREADS) : null;
        CompletableFuture<ImageDecoder> starting = CompletableFuture.supplyAsync(
                () -> new ImageDecoder(DecodeLimits.defaults()), task -> daemon("image-decoder-start", task));
        if (early && "describe".equals(args[0])) {
            daemon("json-output-start", JsonOutput::warmUp);
        }
        // picocli's default factory looks for Groovy's Closure class, absent here: in the packaged jar a miss
        // searches every nested jar. Its documented switch turns the lookup off (unless the caller set it).
        if (System.getProperty(DISABLE_CLOSURES) == null) {
            System.setProperty(DISABLE_CLOSURES, "true");
        }
        Supplier<ImageDecoder> decoder = () -> {
            try {
                return starting.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        };
        if (engines == null) {
            return commandLine(EngineLoan.LOAD_PER_COMMAND, decoder, out, err).execute(args);
        }
        try (engines) {
            return commandLine(engines, decoder, out, err).execute(args);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether {@link #run} starts loading the engine before parsing: for {@code describe} and {@code compare}
     * unless an argument asks for help or the version, or for other models or threads than the defaults (those runs
     * load as they always did, once the options are checked).
     *
     * @param args the program arguments
     * @return whether the default engine is loaded ahead of the parse
     */
    static boolean loadsEngineEarly(String[] args) {
        if (args.length == 0 || !EARLY_ENGINE_COMMANDS.contains(args[0])) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")
                    || arg.startsWith("--models") || arg.startsWith("--threads")) {
                return false;
            }
        }
        return true;
    }
}
