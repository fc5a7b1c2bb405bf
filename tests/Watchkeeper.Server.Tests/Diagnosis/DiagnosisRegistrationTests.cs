using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>A server started the normal way, without a test frame source, diagnoses with the real parts.</summary>
public sealed class DiagnosisRegistrationTests
{
    [Fact]
    public async Task Server_RegistersEveryCheck()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);

        var kinds = app.Services.GetServices<IFrameAnalyzer>().Select(analyzer => analyzer.Kind);

        kinds.ShouldBe(Enum.GetValues<DiagnosisKind>(), ignoreOrder: true);
    }

    [Fact]
    public async Task Server_GrabsWithTheStreamAndSnapshotGrabber()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);

        app.Services.GetRequiredService<IFrameSource>().ShouldBeOfType<CompositeFrameSource>();
    }
}
