package io.aionet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

/**
 * The {@code aionet} command: parses the command line with picocli and runs one subcommand. Every
 * option takes {@code --opt=value} and {@code --opt value}; every command has {@code --help}; a value
 * of the wrong type is refused with a sentence naming the option ({@code --port abc}: "port must be a
 * number"); usage errors exit with 2, failures with 1.
 */
@Command(name = "aionet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Asynchronous, zero-copy network I/O for Java on Linux (io_uring through FFM).",
        subcommands = {ProbeCommand.class, DemoCommand.class, BenchCommand.class, CaptureCommand.class,
                EchoCommand.class, ServeCommand.class, SinkCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'aionet COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {
    /** Where commands print their results. */
    final PrintStream out;
    /** Where usage errors and failures go. */
    final PrintStream err;

    @Spec
    CommandSpec spec;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /**
     * Runs the command line {@code args}, printing results to {@code out} and errors to {@code err};
     * returns the exit status: 0 done, 1 failed, 2 usage error.
     */
    static int execute(PrintStream out, PrintStream err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The parser for {@code aionet} and its subcommands, printing to the given streams. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main(out, err));
        cl.setOut(new PrintWriter(out, true, charset(out)));
        cl.setErr(new PrintWriter(err, true, charset(err)));
        // plain text even on a terminal: no escape codes in anything aionet prints
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line));
        return cl;
    }

    private static Charset charset(PrintStream s) {
        return s.charset();
    }

    /** {@code aionet} alone: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return 0;
    }

    /** The command's name as the user typed it: {@code aionet echo}. */
    private static String name(CommandLine line) {
        return line.getCommandSpec().qualifiedName(" ");
    }

    /**
     * A bad command line: one sentence naming the option, then where the options are described.
     * Values of the wrong type name the option without dashes ("port must be a number").
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(name(line) + ": " + message(e));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name(line) + " --help' for the options.");
        err.flush();
        return 2;
    }

    static String message(ParameterException e) {
        if (e.getCause() instanceof CommandLine.TypeConversionException && e.getArgSpec() != null) {
            CommandLine.Model.ArgSpec arg = e.getArgSpec();
            String what = arg.isOption()
                    ? ((CommandLine.Model.OptionSpec) arg).longestName().replaceFirst("^-+", "")
                    : arg.paramLabel();
            return what + " must be " + Kinds.of(arg.type()) + " (got '" + e.getValue() + "')";
        }
        return e.getMessage();
    }

    /**
     * A command failed: an {@link IllegalArgumentException} is a usage error (a value in the wrong
     * range, a missing folder) and prints as one sentence; anything else prints with its stack trace.
     */
    private static int failure(Exception e, CommandLine line) {
        PrintWriter err = line.getErr();
        if (e instanceof IllegalArgumentException) {
            err.println(name(line) + ": " + e.getMessage());
            err.println("Run '" + name(line) + " --help' for the options.");
            err.flush();
            return 2;
        }
        err.println(name(line) + ": " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    /** The root command of a subcommand, for its output streams. */
    static Main root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (Main) s.userObject();
    }

    /** The words for what an option's type wants. */
    static final class Kinds {
        private Kinds() {}

        static String of(Class<?> type) {
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                    || type == short.class || type == Short.class) {
                return "a number";
            }
            if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return "a number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            if (type == java.nio.file.Path.class || type == java.io.File.class) {
                return "a path";
            }
            if (type.isEnum()) {
                return "one of " + java.util.Arrays.toString(type.getEnumConstants());
            }
            return "a " + type.getSimpleName();
        }
    }

    /** {@code aionet --version}: the version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"aionet " + (v == null ? "(development build)" : v)
                    + ", Java " + Runtime.version()};
        }
    }
}
