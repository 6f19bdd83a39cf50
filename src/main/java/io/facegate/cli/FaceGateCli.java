package io.facegate.cli;

import java.io.PrintWriter;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
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

    private FaceGateCli() {
    }

    /**
     * The web server takes only {@code --name=value} options, so any first argument that is a word (a command, or a
     * mistyped one that picocli then refuses with exit code 2), or {@code -h}/{@code --help}, runs the command line.
     *
     * @param args the program arguments
     * @return whether the command line runs, not the web server
     */
    public static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return "-h".equals(first) || "--help".equals(first) || !first.startsWith("-");
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
     * @param args the program arguments, starting with the command name
     * @return the exit code
     */
    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return commandLine(EngineLoan.LOAD_PER_COMMAND, new ImageDecoder(DecodeLimits.defaults()), out, err)
                .execute(args);
    }
}
