package dev.recsys.offline;

import dev.recsys.offline.cli.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar offline.jar}. Every failure ends with exit code 1 and one line
 * {@code error: ...} on stderr; bad options end with exit code 2 and the option error.
 */
@Command(name = "offline", mixinStandardHelpOptions = true, version = "recsys offline 0.1.0",
    description = "Offline jobs: datasets, splits, features, popularity, item-to-item tables, models, evaluation.",
    subcommands = {
        Commands.Generate.class,
        Commands.ImportMovieLens.class,
        Commands.Split.class,
        Commands.Features.class,
        Commands.Popular.class,
        Commands.TrainLightGbm.class,
        Commands.Demo.class,
        Commands.Pipeline.class,
        CommandLine.HelpCommand.class})
public final class OfflineCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Runs the CLI without exiting, for tests; returns the exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new OfflineCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      commandLine.getErr().println("error: " + message.lines().findFirst().orElse(message));
      return 1;
    });
    cli.setParameterExceptionHandler((e, args1) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see '"
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
