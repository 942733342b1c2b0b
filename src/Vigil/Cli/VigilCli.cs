using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vigil.Configuration;
using Vigil.Hosting;
using Vigil.Logging;

namespace Vigil.Cli;

/// <summary>Entry point: parses the command line, loads the configuration, runs the command, maps failures to exit codes.</summary>
internal static class VigilCli
{
    public const int ExitOk = 0;
    public const int ExitRuntimeError = 1;
    public const int ExitConfigError = 2;

    public const string DefaultConfigFile = "config/vigil.yaml";

    public static async Task<int> RunAsync(string[] args)
    {
        var commandLine = CommandLine.Parse(args);
        switch (commandLine.Command)
        {
            case CliCommand.Help:
                Console.Out.WriteLine(HelpText.Usage);
                return ExitOk;
            case CliCommand.Version:
                Console.Out.WriteLine($"vigil version {ThisAssembly.Version} (.NET {Environment.Version})");
                return ExitOk;
        }
        if (commandLine.Errors.Count > 0)
        {
            return Fail(ExitConfigError, "invalid command line", commandLine.Errors);
        }
        if (commandLine.Command == CliCommand.CheckConfig)
        {
            return CheckConfig(commandLine);
        }

        var envErrors = new List<string>();
        var overrides = CommandLine.FromEnvironment(Environment.GetEnvironmentVariables(), envErrors);
        if (envErrors.Count > 0)
        {
            return Fail(ExitConfigError, "invalid environment", envErrors);
        }
        overrides.AddRange(commandLine.Overrides); // flags win over variables
        string? file = commandLine.ConfigFile ?? Environment.GetEnvironmentVariable("VIGIL_CONFIG");
        if (file is null && File.Exists(DefaultConfigFile))
        {
            file = DefaultConfigFile;
        }
        else if (file is not null && !File.Exists(file))
        {
            return Fail(ExitConfigError, "invalid configuration", [$"{file}: config file not found"]);
        }

        VigilConfig config;
        try
        {
            config = ConfigLoader.Load(file, overrides);
        }
        catch (ConfigException e)
        {
            return Fail(ExitConfigError, "invalid configuration", e.Errors.Select(x => x.ToString()));
        }

        using var loggerFactory = VigilLogging.Create(config.Log);
        var logger = loggerFactory.CreateLogger("Vigil.Cli");
        using var stop = new CancellationTokenSource();
        long firstSignal = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, gracefully
            long now = Environment.TickCount64;
            long first = Interlocked.CompareExchange(ref firstSignal, now, 0);
            if (first != 0)
            {
                // `dotnet run` forwards Ctrl+C while the terminal also delivers it, so the same keypress arrives
                // twice; only a signal well after the first one means "stop now".
                if (now - first > 2000)
                {
                    CliLog.ForcedExit(logger, context.Signal.ToString());
                    Environment.Exit(ExitRuntimeError);
                }
                return;
            }
            CliLog.SignalReceived(logger, context.Signal.ToString());
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        try
        {
            if (file is not null)
            {
                CliLog.ConfigLoaded(logger, Path.GetFullPath(file));
            }
            return await new VigilServer(config, loggerFactory).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (StartupException e)
        {
            CliLog.StartupFailed(logger, e.Message);
            return e.ExitCode;
        }
    }

    private static int CheckConfig(CommandLine commandLine)
    {
        string? file = commandLine.CheckFile ?? commandLine.ConfigFile;
        if (file is null)
        {
            return Fail(ExitConfigError, "check-config needs a file", ["usage: vigil check-config FILE"]);
        }
        if (!File.Exists(file))
        {
            return Fail(ExitConfigError, "invalid configuration", [$"{file}: config file not found"]);
        }
        try
        {
            var config = ConfigLoader.Load(file, commandLine.Overrides);
            Console.Out.WriteLine($"{file}: valid (roles: {new RoleSet(config.Roles)}; data_dir: {config.DataDir})");
            return ExitOk;
        }
        catch (ConfigException e)
        {
            return Fail(ExitConfigError, "invalid configuration", e.Errors.Select(x => x.ToString()));
        }
    }

    private static int Fail(int code, string what, IEnumerable<string> errors)
    {
        var stderr = Console.Error;
        stderr.WriteLine($"vigil: {what}:");
        foreach (var error in errors)
        {
            stderr.WriteLine("  " + error);
        }
        return code;
    }
}

internal static partial class CliLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Loaded configuration")]
    public static partial void ConfigLoaded(ILogger logger, string file);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Received {Signal}, shutting down gracefully")]
    public static partial void SignalReceived(ILogger logger, string signal);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Received {Signal} again, exiting now")]
    public static partial void ForcedExit(ILogger logger, string signal);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Cannot start: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason);
}
