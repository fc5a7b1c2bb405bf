using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Vision;

namespace Watchkeeper.Benchmarks.Diagnosis;

/// <summary>
/// Measures cameras diagnosed per hour: frames grabbed from simulated RTSP cameras with the ffmpeg frame source
/// (bounded concurrency), decoded and run through every analyzer, with the grab and the analysis timed apart.
/// </summary>
/// <remarks>
/// The simulator runs in this process unless --simulator external. ffmpeg runs as child processes that are waited
/// for, so the report adds their CPU time from /proc/self/stat (cutime, cstime). One camera in ten shows a
/// picture fault, so that the analyzers see faulty pictures too.
/// </remarks>
internal static class DiagnosisThroughputBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cameraCount = BenchmarkOptions.Number(args, "--cameras", 200);
        var frameCount = BenchmarkOptions.Number(args, "--frames", 3);
        var intervalMilliseconds = BenchmarkOptions.Number(args, "--interval-ms", 500);
        var concurrency = BenchmarkOptions.Number(args, "--concurrency", 8);
        var seconds = BenchmarkOptions.Number(args, "--seconds", 60);
        var format = (BenchmarkOptions.Text(args, "--format") ?? "bmp") == "jpeg" ? FrameFormat.Jpeg : FrameFormat.Bmp;
        var externalSimulator = BenchmarkOptions.Text(args, "--simulator") == "external";

        Console.WriteLine($"Machine: {BenchmarkOptions.Machine()}");
        Console.WriteLine($"{cameraCount} simulated cameras, {frameCount} frames {intervalMilliseconds} ms apart, {concurrency} concurrent grabs, " +
            $"{format} frames, {seconds} s measured, simulator {(externalSimulator ? "external" : "in process")}");

        var fleetOptions = new FleetOptions
        {
            CameraCount = cameraCount,
            RecorderCount = 0,
            SwitchCount = 0,
            CameraAddressBase = "127.0.31",
            RtspPort = 31554,
            HttpPort = 31080,
            CodePrefix = "DIAG",
        };
        var started = await BenchmarkFleet.StartAsync(fleetOptions, externalSimulator);
        if (started is null)
        {
            return 1;
        }

        await using var fleet = started;
        if (!externalSimulator)
        {
            var kinds = Enum.GetValues<PictureFaultKind>();
            for (var index = 9; index < fleet.Cameras.Count; index += 10)
            {
                fleet.Cameras[index].SetPictureFault(kinds[index / 10 % kinds.Length]);
            }
        }

        var options = Options.Create(new FrameSourceOptions { MaxConcurrentGrabs = concurrency, Format = format, GrabTimeoutSeconds = 15 });
        var gate = new FrameGrabGate(options);
        var source = new RtspFrameSource(options, gate, TimeProvider.System, NullLogger<RtspFrameSource>.Instance);
        var diagnoser = VisionAnalyzers.CreateDiagnoser();

        var reference = await GrabReferenceAsync(source, fleet.Cameras[0].Info);
        if (reference is null)
        {
            return 1;
        }

        var run = new Run(source, diagnoser, fleet.Cameras.Select(camera => camera.Info).ToList(), frameCount, TimeSpan.FromMilliseconds(intervalMilliseconds), reference);

        // A short warm-up loads OpenCV and fills the JIT before the clock starts.
        await run.RunForAsync(TimeSpan.FromSeconds(5), concurrency);
        run.Reset();
        var cpu = CpuSample.Take();
        var clock = Stopwatch.StartNew();
        await run.RunForAsync(TimeSpan.FromSeconds(seconds), concurrency);
        var elapsed = clock.Elapsed;
        var used = CpuSample.Take() - cpu;

        run.Report(elapsed, used, gate.Peak);
        return 0;
    }

    private static async Task<byte[]?> GrabReferenceAsync(RtspFrameSource source, SimulatedDeviceInfo camera)
    {
        var grabbed = await source.GrabAsync(Request(camera, 1, TimeSpan.Zero), CancellationToken.None);
        if (!grabbed.IsSuccess)
        {
            Console.Error.WriteLine($"The first camera delivers no frame: {grabbed.FirstError.Message}");
            return null;
        }

        return grabbed.Value.Images[0].Bytes.ToArray();
    }

    private static FrameRequest Request(SimulatedDeviceInfo camera, int frames, TimeSpan interval) =>
        new(0, new Uri(camera.RtspUrl!), null, camera.UserName, camera.Password, frames, interval);

    private sealed class Run(RtspFrameSource source, FrameDiagnoser diagnoser, IReadOnlyList<SimulatedDeviceInfo> cameras, int frameCount, TimeSpan interval, byte[] reference)
    {
        private readonly ConcurrentBag<double> _grabMilliseconds = [];
        private readonly ConcurrentBag<double> _decodeMilliseconds = [];
        private readonly ConcurrentBag<double> _analysisMilliseconds = [];
        private readonly ConcurrentDictionary<string, int> _failures = new();
        private int _next;
        private int _detected;

        public void Reset()
        {
            _grabMilliseconds.Clear();
            _decodeMilliseconds.Clear();
            _analysisMilliseconds.Clear();
            _failures.Clear();
            _detected = 0;
        }

        public async Task RunForAsync(TimeSpan duration, int workers)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var camera = cameras[(int)((uint)Interlocked.Increment(ref _next) % (uint)cameras.Count)];
                    await DiagnoseAsync(camera);
                }
            })));
        }

        private async Task DiagnoseAsync(SimulatedDeviceInfo camera)
        {
            var started = Stopwatch.GetTimestamp();
            var grabbed = await source.GrabAsync(Request(camera, frameCount, interval), CancellationToken.None);
            _grabMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!grabbed.IsSuccess)
            {
                _failures.AddOrUpdate(grabbed.FirstError.Code, 1, (_, count) => count + 1);
                return;
            }

            var decodeStarted = Stopwatch.GetTimestamp();
            var decoded = FrameSet.Decode(grabbed.Value.Images, ("reference", reference), grabbed.Value.Interval);
            _decodeMilliseconds.Add(Stopwatch.GetElapsedTime(decodeStarted).TotalMilliseconds);
            if (!decoded.IsSuccess)
            {
                _failures.AddOrUpdate(decoded.FirstError.Code, 1, (_, count) => count + 1);
                return;
            }

            using var frames = decoded.Value;
            var report = diagnoser.Analyze(frames);
            _analysisMilliseconds.Add(report.Elapsed.TotalMilliseconds);
            if (!report.IsClean)
            {
                Interlocked.Increment(ref _detected);
            }
        }

        public void Report(TimeSpan elapsed, CpuSample cpu, int peakGrabs)
        {
            var diagnosed = _analysisMilliseconds.Count;
            var perHour = diagnosed / elapsed.TotalHours;
            Console.WriteLine($"Diagnosed {diagnosed} cameras in {elapsed.TotalSeconds:F1} s: {perHour:N0} cameras/h ({(perHour >= 10_000 ? "meets" : "misses")} the 10,000/h target)");
            Console.WriteLine($"  with a finding: {_detected}; failed: {(_failures.IsEmpty ? "none" : string.Join(", ", _failures.Select(f => $"{f.Key} {f.Value}")))}");
            Console.WriteLine($"  grab (ffmpeg, {frameCount} frames): mean {Mean(_grabMilliseconds):F0} ms, p50 {Percentile(_grabMilliseconds, 0.5):F0} ms, p95 {Percentile(_grabMilliseconds, 0.95):F0} ms");
            Console.WriteLine($"  decode ({frameCount} frames + reference): mean {Mean(_decodeMilliseconds):F1} ms, p95 {Percentile(_decodeMilliseconds, 0.95):F1} ms");
            Console.WriteLine($"  analysis (all analyzers): mean {Mean(_analysisMilliseconds):F1} ms, p95 {Percentile(_analysisMilliseconds, 0.95):F1} ms");
            Console.WriteLine($"  concurrency: {peakGrabs} grabs at peak");
            var cores = elapsed.TotalSeconds * Environment.ProcessorCount;
            Console.WriteLine($"  CPU: this process {cpu.Process.TotalSeconds / cores:P0} of {Environment.ProcessorCount} cores, ffmpeg children {cpu.Children.TotalSeconds / cores:P0}, " +
                $"whole machine {cpu.MachineBusy:P0}");
            Console.WriteLine($"  CPU per camera: process {cpu.Process.TotalMilliseconds / Math.Max(1, diagnosed):F0} ms, ffmpeg {cpu.Children.TotalMilliseconds / Math.Max(1, diagnosed):F0} ms");
        }

        private static double Mean(ConcurrentBag<double> values) => values.IsEmpty ? 0 : values.Average();

        private static double Percentile(ConcurrentBag<double> values, double rank)
        {
            if (values.IsEmpty)
            {
                return 0;
            }

            var sorted = values.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)(rank * sorted.Count))];
        }
    }

    /// <summary>CPU time of this process, of its waited-for children (ffmpeg), and the machine's busy share, from /proc.</summary>
    private readonly record struct CpuSample(TimeSpan Process, TimeSpan Children, long MachineBusyTicks, long MachineTotalTicks)
    {
        public double MachineBusy => MachineTotalTicks == 0 ? 0 : MachineBusyTicks / (double)MachineTotalTicks;

        public static CpuSample Take()
        {
            // /proc/self/stat fields 16 and 17 (cutime, cstime) count children that were waited for, in clock ticks (100 Hz).
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var children = TimeSpan.FromMilliseconds((long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10);

            // The first line of /proc/stat: user nice system idle iowait irq softirq steal, in clock ticks.
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = cpu[3] + cpu[4];
            return new CpuSample(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, children, cpu.Sum() - idle, cpu.Sum());
        }

        public static CpuSample operator -(CpuSample after, CpuSample before) => new(
            after.Process - before.Process,
            after.Children - before.Children,
            after.MachineBusyTicks - before.MachineBusyTicks,
            after.MachineTotalTicks - before.MachineTotalTicks);
    }
}
