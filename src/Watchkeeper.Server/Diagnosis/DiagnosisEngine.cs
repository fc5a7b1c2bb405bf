using Microsoft.Extensions.Options;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// Runs the registered analyzers with bounded concurrency: the worker's rounds and the analyze API share the
/// processor slots, so a burst of API calls cannot starve the scheduled rounds of CPU, nor the other way round.
/// </summary>
public sealed class DiagnosisEngine(FrameDiagnoser diagnoser, IOptions<VideoDiagnosisOptions> options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.EffectiveConcurrentAnalyses));

    public FrameDiagnoser Diagnoser => diagnoser;

    public async Task<DiagnosisReport> AnalyzeAsync(FrameSet frames, DiagnosisOptions analysis, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            // The analyzers are synchronous CPU work; running them on the pool keeps request threads free.
            return await Task.Run(() => diagnoser.Analyze(frames, analysis), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }
}
