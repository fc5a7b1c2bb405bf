using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Core.Tests.Tickets;

public sealed class TicketTests
{
    private static readonly DateTimeOffset s_opened = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static readonly SlaTermsSnapshot s_level3 = new(null, 3, 3,
        [new SlaTargetSnapshot(SlaClockKind.Response, 30, null), new SlaTargetSnapshot(SlaClockKind.Resolution, 480, null)],
        [new SlaMarkSnapshot("breach", SlaClockKind.Resolution, SlaMarkKind.Breach, 100, 0, ["assignee"])]);

    private static readonly SlaTermsSnapshot s_level2 = s_level3 with
    {
        PolicyId = 2,
        FaultLevel = 2,
        Targets = [new SlaTargetSnapshot(SlaClockKind.Response, 15, null), new SlaTargetSnapshot(SlaClockKind.Resolution, 240, null)],
    };

    private static Ticket NewTicket() => Ticket.Open(
        new TicketReport("3 号楼大厅摄像机无图像", "值班员来电：画面黑屏。", 3, FaultCategory.Camera, TicketSource.ServiceDesk, 7, "张伟", "13800000000"),
        s_level3, "dispatcher", s_opened);

    private static DateTimeOffset Minutes(double minutes) => s_opened.AddMinutes(minutes);

    private static Ticket Accepted()
    {
        var ticket = NewTicket();
        ticket.Assign("engineer-1", "dispatcher", Minutes(2)).IsSuccess.ShouldBeTrue();
        ticket.Accept("engineer-1", Minutes(10)).IsSuccess.ShouldBeTrue();
        return ticket;
    }

    [Fact]
    public void Open_NewTicket_LogsTerms()
    {
        var ticket = NewTicket();

        ticket.State.ShouldBe(TicketState.New);
        var created = ticket.Activities.ShouldHaveSingleItem();
        created.Action.ShouldBe(TicketAction.Created);
        created.Terms.ShouldBe(s_level3);
        created.Actor.ShouldBe("dispatcher");
    }

    [Fact]
    public void Accept_NewTicket_RejectedAsIllegal()
    {
        var result = NewTicket().Accept("engineer-1", Minutes(1));

        result.Error!.Code.ShouldBe("ticket.transition.illegal");
    }

    [Fact]
    public void Assign_Again_IsTransfer()
    {
        var ticket = Accepted();

        ticket.Assign("engineer-2", "lead", Minutes(20)).IsSuccess.ShouldBeTrue();

        ticket.State.ShouldBe(TicketState.Assigned);
        var transfer = ticket.Activities[^1];
        transfer.Action.ShouldBe(TicketAction.Transferred);
        (transfer.OldValue, transfer.NewValue).ShouldBe(("engineer-1", "engineer-2"));
        ticket.AcceptedAt.ShouldBe(Minutes(10)); // the response stays where it was
        ticket.Assign("engineer-2", "lead", Minutes(21)).Error!.Code.ShouldBe("ticket.assignee.unchanged");
    }

    [Fact]
    public void Resume_AfterPause_RestoresState()
    {
        var ticket = Accepted();
        ticket.Arrive("engineer-1", Minutes(40)).IsSuccess.ShouldBeTrue();

        ticket.Pause(PauseReason.WaitingForParts, "engineer-1", Minutes(50), "等待更换电源适配器").IsSuccess.ShouldBeTrue();
        ticket.Resolve("电源损坏", "更换电源", null, "engineer-1", Minutes(55)).Error!.Code.ShouldBe("ticket.transition.illegal");
        ticket.Resume("engineer-1", Minutes(90)).IsSuccess.ShouldBeTrue();

        ticket.State.ShouldBe(TicketState.OnSite);
        ticket.PauseReason.ShouldBeNull();
    }

    [Fact]
    public void Arrive_BackDated_ClockUsesArrivalTime()
    {
        var ticket = Accepted();

        ticket.Arrive("engineer-1", Minutes(60), arrivedAt: Minutes(45), location: "3 号楼").IsSuccess.ShouldBeTrue();

        var arrival = ticket.Activities[^1];
        arrival.At.ShouldBe(Minutes(60));
        arrival.ClockAt.ShouldBe(Minutes(45));
        ticket.ArrivalLocation.ShouldBe("3 号楼");
    }

    [Theory]
    [InlineData(5)] // before the acceptance, the last clock event
    [InlineData(61)] // in the future
    public void Arrive_TimeOutsideHistory_Rejected(double arrivedMinutes)
    {
        var ticket = Accepted();

        var result = ticket.Arrive("engineer-1", Minutes(60), arrivedAt: Minutes(arrivedMinutes));

        result.Error!.Code.ShouldBe("ticket.arrival.invalid");
        ticket.State.ShouldBe(TicketState.Accepted);
    }

    [Fact]
    public void Resolve_WithoutCause_Rejected()
    {
        Accepted().Resolve(" ", "重启", null, "engineer-1", Minutes(30)).Error!.Code.ShouldBe("ticket.resolution.incomplete");
    }

    [Fact]
    public void Close_OpenTicketWithoutReason_Rejected()
    {
        NewTicket().Close(null, "dispatcher", Minutes(5)).Error!.Code.ShouldBe("ticket.reason.required");
    }

    [Fact]
    public void Close_OpenTicketWithReason_Cancelled()
    {
        var ticket = NewTicket();

        ticket.Close("用户误报", "dispatcher", Minutes(5)).IsSuccess.ShouldBeTrue();

        ticket.Closure.ShouldBe(TicketClosure.Cancelled);
    }

    [Fact]
    public void Close_AfterConfirm_Completed()
    {
        var ticket = Accepted();

        ticket.Resolve("网线松动", "重新压接水晶头", null, "engineer-1", Minutes(70)).IsSuccess.ShouldBeTrue();
        ticket.Confirm("requester", Minutes(100)).IsSuccess.ShouldBeTrue();
        ticket.Rate(5, "响应很快", "requester", Minutes(101)).IsSuccess.ShouldBeTrue();
        ticket.Close(null, "dispatcher", Minutes(120)).IsSuccess.ShouldBeTrue();

        ticket.Closure.ShouldBe(TicketClosure.Completed);
        ticket.Rating.ShouldBe(5);
        ticket.Rate(6, null, "requester", Minutes(121)).Error!.Code.ShouldBe("ticket.rating.invalid");
    }

    [Fact]
    public void Reopen_Completed_ClocksRunOn()
    {
        var ticket = Accepted();
        ticket.Resolve("网线松动", "重新压接", null, "engineer-1", Minutes(70));
        ticket.Close(null, "dispatcher", Minutes(80));

        ticket.Reopen("故障复现", "requester", Minutes(200)).IsSuccess.ShouldBeTrue();

        ticket.State.ShouldBe(TicketState.InProgress);
        ticket.ResolvedAt.ShouldBeNull();
        var clocks = SlaClocks.Evaluate(TicketClockHistory.From(ticket.Activities, _ => null), Minutes(230));
        clocks.Clock(SlaClockKind.Resolution)!.Elapsed.ShouldBe(TimeSpan.FromMinutes(70 + 30));
        clocks.Clock(SlaClockKind.Response)!.State.ShouldBe(SlaClockState.Met);
    }

    [Fact]
    public void ChangeLevel_WithReason_Logged()
    {
        var ticket = Accepted();

        ticket.ChangeLevel(2, s_level2, "", "lead", Minutes(20)).Error!.Code.ShouldBe("ticket.reason.required");
        ticket.ChangeLevel(3, s_level3, "不变", "lead", Minutes(20)).Error!.Code.ShouldBe("ticket.level.unchanged");
        ticket.ChangeLevel(5, s_level2, "超出", "lead", Minutes(20)).Error!.Code.ShouldBe("ticket.level.invalid");
        ticket.ChangeLevel(2, s_level2, "影响整个站点", "lead", Minutes(20)).IsSuccess.ShouldBeTrue();

        var entry = ticket.Activities[^1];
        (entry.Action, entry.OldValue, entry.NewValue, entry.Terms).ShouldBe((TicketAction.LevelChanged, "3", "2", s_level2));
        var resolution = SlaClocks.Evaluate(TicketClockHistory.From(ticket.Activities, _ => null), Minutes(30)).Clock(SlaClockKind.Resolution)!;
        resolution.Target.ShouldBe(TimeSpan.FromMinutes(240));
        resolution.DueAt.ShouldBe(Minutes(240));
    }

    [Fact]
    public void MergeInto_Duplicate_ClosedBothLogged()
    {
        var duplicate = NewTicket();
        duplicate.AssignNumber("GD-20261207-0002");
        var original = NewTicket();
        original.AssignNumber("GD-20261207-0001");

        duplicate.MergeInto(original, "dispatcher", Minutes(3)).IsSuccess.ShouldBeTrue();

        duplicate.Closure.ShouldBe(TicketClosure.Merged);
        duplicate.Activities[^1].NewValue.ShouldBe("GD-20261207-0001");
        original.Activities[^1].Action.ShouldBe(TicketAction.MergedFrom);
        original.Activities[^1].NewValue.ShouldBe("GD-20261207-0002");
        SlaClocks.Evaluate(TicketClockHistory.From(duplicate.Activities, _ => null), Minutes(600)).NextDueAt.ShouldBeNull();
    }

    [Fact]
    public void RecordCrossing_Breach_StoresKey()
    {
        var ticket = NewTicket();
        var clocks = SlaClocks.Evaluate(TicketClockHistory.From(ticket.Activities, _ => null), Minutes(481));
        var crossing = clocks.Crossed.ShouldHaveSingleItem();

        ticket.RecordCrossing(crossing, SlaMarkKind.Breach, Minutes(482), "解决时限已超");
        ticket.UpdateClockSummary(clocks, TicketClockHistory.ActedOn(ticket.Activities));

        ticket.Activities[^1].MarkKey.ShouldBe("Resolution:0:breach");
        ticket.Activities[^1].EffectiveAt.ShouldBe(Minutes(480));
        ticket.IsBreached.ShouldBeTrue();
        ticket.NextNoticeAt.ShouldBeNull();
    }

    [Fact]
    public void Edit_ChangedFields_EachLogged()
    {
        var ticket = NewTicket();

        ticket.Edit(new TicketEdit(Title: "3 号楼大厅摄像机黑屏", Category: FaultCategory.Power), "dispatcher", Minutes(1)).IsSuccess.ShouldBeTrue();

        ticket.Activities.Where(a => a.Action == TicketAction.FieldChanged).Select(a => (a.Field, a.NewValue))
            .ShouldBe([("title", "3 号楼大厅摄像机黑屏"), ("category", "Power")]);
    }
}
