namespace Watchkeeper.Server.Diagnosis;

/// <summary>The <c>Diagnosis</c> configuration section: the diagnosis worker, image retention and upload caps.</summary>
public sealed class VideoDiagnosisOptions
{
    public const string Section = "Diagnosis";

    /// <summary>False stops scheduled and requested rounds; the analyze API, results and references still work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cameras diagnosed at the same time (grab and analysis together).</summary>
    public int MaxConcurrentCameras { get; set; } = 4;

    /// <summary>Frame sets analysed at the same time, across the worker and the analyze API; 0 means one per processor.</summary>
    public int MaxConcurrentAnalyses { get; set; }

    /// <summary>How often the worker looks for due cameras when nothing wakes it, in seconds.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>How often the worker matches its due times to the ledger and the plans, in seconds.</summary>
    public double SyncSeconds { get; set; } = 60;

    /// <summary>How long a started round keeps its camera claimed before a crash lets it run again, in minutes.</summary>
    public int LeaseMinutes { get; set; } = 10;

    /// <summary>Days that thumbnails and evidence images are kept.</summary>
    public int ImageRetentionDays { get; set; } = 30;

    /// <summary>Days that result rows and their findings are kept.</summary>
    public int ResultRetentionDays { get; set; } = 365;

    /// <summary>Width of the stored thumbnails, in pixels.</summary>
    public int ThumbnailWidth { get; set; } = 320;

    /// <summary>True takes a camera's first clean frame as its reference image when it has none.</summary>
    public bool AutoReference { get; set; } = true;

    /// <summary>Largest image part the API accepts (analyze, reference upload), in bytes.</summary>
    public int MaxImageBytes { get; set; } = 8 * 1024 * 1024;

    public int EffectiveConcurrentAnalyses => MaxConcurrentAnalyses > 0 ? MaxConcurrentAnalyses : Environment.ProcessorCount;
}
