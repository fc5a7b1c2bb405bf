using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Faults;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Simulator.Runner;

namespace Watchkeeper.Simulator;

/// <summary>
/// The simulator as a stand-alone program: the demo fleet with its fault script, bare cameras for load benchmarks,
/// and GB/T 28181 devices registering to a platform.
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var (options, argumentError) = RunnerOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(argumentError);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(RunnerOptions.Help);
            return 0;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Information));

        // Registered before anything starts, so that a SIGTERM during the start still stops the devices cleanly.
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        SimulatedFleet? fleet = null;
        SimulatedGbFleet? gbFleet = null;
        try
        {
            if (!options.GbOnly)
            {
                var (created, exitCode) = await StartFleetAsync(options, loggerFactory);
                if (created is null)
                {
                    return exitCode;
                }

                fleet = created;
                FleetPrinter.Print(fleet, options.ListAll, Console.Out);
            }

            if (options.Gb is not null)
            {
                var (created, exitCode) = await StartGbFleetAsync(options.Gb, loggerFactory);
                if (created is null)
                {
                    return exitCode;
                }

                gbFleet = created;
                fleet?.AttachGbFleet(gbFleet);
                GbFleetPrinter.Print(gbFleet, options.ListAll, Console.Out);
            }

            await RunUntilStoppedAsync(fleet, options, loggerFactory, stopping.Token);
            return 0;
        }
        finally
        {
            if (gbFleet is not null)
            {
                await gbFleet.DisposeAsync();
            }

            if (fleet is not null)
            {
                await fleet.DisposeAsync();
            }
        }
    }

    private static async Task<(SimulatedFleet? Fleet, int ExitCode)> StartFleetAsync(RunnerOptions options, ILoggerFactory loggerFactory)
    {
        var created = SimulatedFleet.Create(options.Fleet, TimeProvider.System, loggerFactory);
        if (!created.IsSuccess)
        {
            Console.Error.WriteLine(created.FirstError.Message);
            return (null, 2);
        }

        var started = await created.Value.StartAsync();
        if (!started.IsSuccess)
        {
            Console.Error.WriteLine(started.Error!.Message);
            return (null, 1);
        }

        return (created.Value, 0);
    }

    private static async Task<(SimulatedGbFleet? Fleet, int ExitCode)> StartGbFleetAsync(GbFleetOptions options, ILoggerFactory loggerFactory)
    {
        var created = SimulatedGbFleet.Create(options, TimeProvider.System, loggerFactory);
        if (!created.IsSuccess)
        {
            Console.Error.WriteLine(created.FirstError.Message);
            return (null, 2);
        }

        var started = await created.Value.StartAsync();
        if (!started.IsSuccess)
        {
            Console.Error.WriteLine(started.Error!.Message);
            return (null, 1);
        }

        return (created.Value, 0);
    }

    private static async Task RunUntilStoppedAsync(SimulatedFleet? fleet, RunnerOptions options, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        Console.WriteLine("按 Ctrl+C 停止。 / Press Ctrl+C to stop.");
        var script = options.RunFaults && fleet is not null
            ? FaultScript.CreateDemo(fleet, new FaultScriptOptions { Repeat = options.RepeatFaults }, TimeProvider.System, loggerFactory)
            : null;
        var scriptRun = script?.RunAsync(stopping) ?? Task.CompletedTask;

        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("正在停止… / Stopping...");
        }

        await scriptRun;
    }
}
