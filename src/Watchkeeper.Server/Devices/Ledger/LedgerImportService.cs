using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// Imports a ledger file (.xlsx or .csv): every row is checked before anything is written, then all rows are
/// written in one transaction, or none when any row is wrong.
/// </summary>
/// <remarks>
/// Call <see cref="ImportAsync"/> from the REST endpoint or straight from a Blazor page. Each import opens its
/// own database context, so a long-lived circuit scope keeps nothing between imports.
/// </remarks>
public sealed class LedgerImportService(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    CredentialProtector credentials,
    OrganizationDirectory organizations,
    IMonitoringControl monitoring,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<LedgerImportService> logger)
{
    /// <summary>One import at a time per server, so that two imports cannot plan the same new codes or ids.</summary>
    private static readonly SemaphoreSlim ImportLock = new(1, 1);

    private readonly LedgerOptions _options = options.Value;

    /// <summary>Largest file accepted, in bytes. A page should cap its upload at this size.</summary>
    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>File extensions an import accepts.</summary>
    public static IReadOnlyList<string> AcceptedExtensions { get; } = [".xlsx", ".csv"];

    /// <summary>Reads, checks and applies a ledger file.</summary>
    /// <param name="content">The file, read once up to <see cref="MaxFileBytes"/> and not disposed.</param>
    /// <param name="fileName">The uploaded file name, whose extension (.xlsx or .csv) decides the format.</param>
    /// <param name="userName">Who imports, for the log.</param>
    public async Task<LedgerImportReport> ImportAsync(Stream content, string fileName, string? userName, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        fileName = DisplayName(fileName);
        var errors = new LedgerErrorList();
        var phases = new PhaseTimer(time);
        await ImportLock.WaitAsync(cancellationToken);
        try
        {
            var (sheet, plan) = await ReadAndPlanAsync(content, fileName, errors, phases, cancellationToken);
            if (errors.Count > 0 || plan is null)
            {
                var failed = Report(fileName, sheet, errors, null, started);
                logger.LogWarning("Ledger import of {FileName} by {UserName} rejected: {ErrorCount} errors in {BadRowCount} rows, nothing written",
                    fileName, userName, failed.ErrorCount, failed.BadRowCount);
                return failed;
            }

            var report = Report(fileName, sheet, errors, plan, started);
            logger.LogInformation(
                "Ledger import of {FileName} by {UserName}: {RowCount} rows, {Created} created, {Updated} updated, {Unchanged} unchanged, {OrganizationsCreated} organizations created in {DurationMilliseconds} ms ({Phases})",
                fileName, userName, report.RowCount, report.Created, report.Updated, report.Unchanged, report.OrganizationsCreated, report.DurationMilliseconds, phases);
            return report;
        }
        finally
        {
            ImportLock.Release();
        }
    }

    private async Task<(LedgerSheet? Sheet, LedgerImportPlan? Plan)> ReadAndPlanAsync(
        Stream content, string fileName, LedgerErrorList errors, PhaseTimer phases, CancellationToken cancellationToken)
    {
        var sheet = await ReadSheetAsync(content, fileName, errors, cancellationToken);
        phases.End("read");
        if (sheet is null)
        {
            return (null, null);
        }

        var parser = new LedgerRowParser(errors);
        var header = parser.ReadHeader(sheet.Header);
        if (header is null)
        {
            return (sheet, null);
        }

        if (sheet.Rows.Count == 0)
        {
            errors.Add(LedgerImportError.ForFile("ledger.file.no_rows", "文件中只有表头，没有设备数据行。", "The file has a header but no device rows."));
            return (sheet, null);
        }

        var drafts = new List<LedgerRowDraft>(sheet.Rows.Count);
        foreach (var row in sheet.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            drafts.Add(parser.ReadRow(row, header));
        }

        phases.End("parse");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await PlanAndWriteAsync(db, header, drafts, errors, phases, cancellationToken);
        return (sheet, plan);
    }

    private async Task<LedgerSheet?> ReadSheetAsync(Stream content, string fileName, LedgerErrorList errors, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!AcceptedExtensions.Contains(extension))
        {
            errors.Add(LedgerImportError.ForFile("ledger.file.type",
                $"不支持文件“{fileName}”的类型，请上传 .xlsx 或 .csv 文件（.xls 文件请先在 Excel 中另存为 .xlsx）。",
                $"The type of file '{fileName}' is not supported; upload an .xlsx or .csv file (save an .xls file as .xlsx in Excel first)."));
            return null;
        }

        var bytes = await ReadCappedAsync(content, cancellationToken);
        if (bytes is null)
        {
            errors.Add(TooLarge(_options.MaxFileBytes));
            return null;
        }

        var outcome = extension == ".xlsx" ? XlsxLedgerFormat.Read(bytes, _options, logger) : CsvLedgerFormat.Read(bytes, _options);
        if (outcome.Error is not null)
        {
            errors.Add(outcome.Error);
        }

        return outcome.Sheet;
    }

    internal static LedgerImportError TooLarge(long maxBytes)
    {
        var limit = maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MB" : $"{maxBytes / 1024} KB";
        return LedgerImportError.ForFile("ledger.file.too_large",
            $"文件超过 {limit} 的上限，请分成几个文件导入。",
            $"The file is larger than the {limit} limit; split it into several files.");
    }

    /// <summary>Returns the name without any folder a browser sent along, cut to 255 characters, for reports and logs.</summary>
    private static string DisplayName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        return name.Length > 255 ? name[..255] : name;
    }

    /// <summary>Returns the whole content, or null when it is longer than the limit.</summary>
    private async Task<byte[]?> ReadCappedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Checks the rows against the ledger and writes them, both inside one transaction.</summary>
    private async Task<LedgerImportPlan?> PlanAndWriteAsync(WatchkeeperDbContext db,
        LedgerHeader header, List<LedgerRowDraft> drafts, LedgerErrorList errors, PhaseTimer phases, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The whole ledger, because codes are unique across it; LedgerScopeCheck keeps the plan inside the user's scope.
        var devices = await db.Devices.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
        var snapshot = new LedgerSnapshot(devices,
            new Core.Organizations.OrganizationTree(await db.Organizations.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken)));
        var scope = OrganizationScope.Current;
        var storedOrganizationOf = scope is { IsUnrestricted: false } ? devices.ToDictionary(d => d.Id, d => d.OrganizationId) : null;

        phases.End("load ledger");
        var planner = new LedgerImportPlanner(snapshot, header, credentials, errors, time.GetUtcNow());
        var plan = planner.Plan(drafts);
        phases.End("plan");
        if (plan is null)
        {
            return null;
        }

        if (scope is { IsUnrestricted: false } && !LedgerScopeCheck.Check(plan, storedOrganizationOf!, scope, errors))
        {
            return null;
        }

        try
        {
            await WriteAsync(db, plan, snapshot, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            phases.End("write");
        }
        catch (Exception exception) when (IsConstraintViolation(exception))
        {
            logger.LogWarning(exception, "Ledger import rolled back: the ledger changed while the file was checked");
            errors.Add(LedgerImportError.ForFile("ledger.conflict",
                "导入期间台账被其他操作修改（如同时新增了相同编码的设备），未写入任何数据。请重新导入。",
                "The ledger changed while the file was being imported (for example, a device with the same code was added); nothing was written. Import the file again."));
            return null;
        }

        if (plan.Organizations.Count > 0)
        {
            organizations.Invalidate();
        }

        monitoring.LedgerReloaded();
        return plan;
    }

    private static async Task WriteAsync(WatchkeeperDbContext db, LedgerImportPlan plan, LedgerSnapshot snapshot, CancellationToken cancellationToken)
    {
        await CreateOrganizationsAsync(db, plan.Organizations, cancellationToken);

        var writer = LedgerDeviceWriter.For(db);
        var ids = await writer.ReserveIdsAsync(plan.Creates.Count, cancellationToken);
        var newIds = new Dictionary<string, long>(plan.Creates.Count, StringComparer.Ordinal);
        for (var i = 0; i < plan.Creates.Count; i++)
        {
            plan.Creates[i].Device.Id = ids[i];
            newIds[plan.Creates[i].Device.Code] = ids[i];
        }

        foreach (var planned in plan.Creates.Concat(plan.Updates))
        {
            planned.Device.ParentId = planned.ParentCode is null ? null
                : newIds.TryGetValue(planned.ParentCode, out var id) ? id
                : snapshot.FindByCode(planned.ParentCode)!.Id;
            if (planned.Organization is not null)
            {
                planned.Device.OrganizationId = planned.Organization.Entity.Id;
            }
        }

        await writer.InsertAsync(ParentsFirst(plan.Creates, newIds), cancellationToken);
        await writer.UpdateAsync(plan.Updates.Select(p => p.Device).ToList(), cancellationToken);
    }

    /// <summary>Inserts the new organizations level by level, so that each parent has its id before its children.</summary>
    private static async Task CreateOrganizationsAsync(WatchkeeperDbContext db, List<PlannedOrganization> planned, CancellationToken cancellationToken)
    {
        foreach (var level in planned.GroupBy(o => o.Depth).OrderBy(g => g.Key))
        {
            foreach (var organization in level)
            {
                if (organization.Parent is not null)
                {
                    organization.Entity.ParentId = organization.Parent.Entity.Id;
                }

                db.Organizations.Add(organization.Entity);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Orders new devices so that a parent created by the same file is inserted before its children.</summary>
    private static List<Device> ParentsFirst(List<PlannedDevice> creates, Dictionary<string, long> newIds)
    {
        var byCode = creates.ToDictionary(p => p.Device.Code, StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int DepthOf(PlannedDevice planned)
        {
            if (depth.TryGetValue(planned.Device.Code, out var known))
            {
                return known;
            }

            // The planner has rejected cycles, so this recursion ends within the topology depth limit.
            var value = planned.ParentCode is { } parent && newIds.ContainsKey(parent) ? DepthOf(byCode[parent]) + 1 : 0;
            depth[planned.Device.Code] = value;
            return value;
        }

        return creates.OrderBy(DepthOf).Select(p => p.Device).ToList();
    }

    private static bool IsConstraintViolation(Exception exception) => exception switch
    {
        DbUpdateException { InnerException: { } inner } => IsConstraintViolation(inner),
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        PostgresException postgres => postgres.SqlState.StartsWith("23", StringComparison.Ordinal), // integrity constraint violation
        _ => false,
    };

    private LedgerImportReport Report(string fileName, LedgerSheet? sheet, LedgerErrorList errors, LedgerImportPlan? plan, long started) => new()
    {
        FileName = fileName,
        RowCount = sheet?.Rows.Count ?? 0,
        Created = plan?.Creates.Count ?? 0,
        Updated = plan?.Updates.Count ?? 0,
        Unchanged = plan?.Unchanged ?? 0,
        OrganizationsCreated = plan?.Organizations.Count ?? 0,
        DurationMilliseconds = (long)time.GetElapsedTime(started).TotalMilliseconds,
        Errors = errors.ToList(LedgerImportReport.MaxListedErrors),
        ErrorCount = errors.Count,
        BadRowCount = errors.BadRowCount,
    };

    /// <summary>Durations of the import's phases, for the log.</summary>
    private sealed class PhaseTimer(TimeProvider time)
    {
        private readonly List<string> _phases = [];
        private long _started = time.GetTimestamp();

        public void End(string phase)
        {
            var now = time.GetTimestamp();
            _phases.Add($"{phase} {time.GetElapsedTime(_started, now).TotalMilliseconds:F0} ms");
            _started = now;
        }

        public override string ToString() => string.Join(", ", _phases);
    }
}
