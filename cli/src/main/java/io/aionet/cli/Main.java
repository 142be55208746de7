package io.aionet.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code aionet} command: dispatches to one subcommand. */
public final class Main {
    private Main() {}

    /** A subcommand: gets the arguments after its name, returns the exit status. */
    @FunctionalInterface
    interface Command {
        int run(String[] args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("probe", ProbeCommand::run);
        COMMANDS.put("demo", DemoCommand::run);
        COMMANDS.put("bench", BenchCommand::run);
        COMMANDS.put("capture", CaptureCommand::run);
        COMMANDS.put("echo", EchoCommand::run);
        COMMANDS.put("serve", ServeCommand::run);
        COMMANDS.put("sink", SinkCommand::run);
    }

    public static void main(String[] args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println("usage: aionet <" + String.join("|", COMMANDS.keySet()) + "> [options]");
            System.exit(args.length == 0 ? 0 : 2);
            return;
        }
        int status;
        try {
            status = COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("aionet " + args[0] + ": " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("aionet " + args[0] + ": " + e);
            e.printStackTrace(System.err);
            status = 1;
        }
        System.exit(status);
    }
}
