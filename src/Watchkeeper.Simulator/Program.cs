using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Faults;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Runner;

namespace Watchkeeper.Simulator;

/// <summary>The simulator as a stand-alone program: the demo fleet with its fault script, or bare cameras for load benchmarks.</summary>
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

        var created = SimulatedFleet.Create(options.Fleet, TimeProvider.System, loggerFactory);
        if (!created.IsSuccess)
        {
            Console.Error.WriteLine(created.FirstError.Message);
            return 2;
        }

        await using var fleet = created.Value;
        var started = await fleet.StartAsync();
        if (!started.IsSuccess)
        {
            Console.Error.WriteLine(started.Error!.Message);
            return 1;
        }

        FleetPrinter.Print(fleet, options.ListAll, Console.Out);

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

        var script = options.RunFaults
            ? FaultScript.CreateDemo(fleet, new FaultScriptOptions { Repeat = options.RepeatFaults }, TimeProvider.System, loggerFactory)
            : null;
        var scriptRun = script?.RunAsync(stopping.Token) ?? Task.CompletedTask;

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("正在停止… / Stopping...");
        }

        await scriptRun;
        return 0;
    }
}
