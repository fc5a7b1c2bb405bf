using System.Globalization;
using System.Net;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Notifications;

namespace Watchkeeper.Server.Tickets;

/// <summary>The texts of ticket warnings and escalations, Chinese first with English beside it.</summary>
public static class TicketMessages
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static (string Chinese, string English) ClockName(SlaClockKind clock) => clock switch
    {
        SlaClockKind.Response => ("响应", "Response"),
        SlaClockKind.Arrival => ("到场", "On-site arrival"),
        SlaClockKind.Restoration => ("恢复", "Restoration"),
        SlaClockKind.Resolution => ("解决", "Resolution"),
        SlaClockKind.Assignment => ("指派", "Assignment"),
        _ => ("接单", "Acceptance"),
    };

    /// <summary>The line recorded on the ticket, such as "响应时限已过 75% / Response reached 75 % of its target".</summary>
    public static string CrossingNote(SlaCrossing crossing, SlaMarkKind kind)
    {
        var (chinese, english) = ClockName(crossing.Clock);
        var after = crossing.Mark.After > TimeSpan.Zero ? $" + {crossing.Mark.After.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min" : "";
        return kind switch
        {
            SlaMarkKind.Breach => Bilingual.Join($"{chinese}超时", $"{english} target breached"),
            SlaMarkKind.Warning => Bilingual.Join($"{chinese}时限已过 {crossing.Mark.Percent}%", $"{english} reached {crossing.Mark.Percent} % of its target"),
            _ => Bilingual.Join($"{chinese}升级：时限 {crossing.Mark.Percent}%{after}", $"{english} escalation at {crossing.Mark.Percent} % of the target{after}"),
        };
    }

    public static string ContractChanged { get; } = Bilingual.Join("服务合同已变更，新时限自变更时起生效", "Service contract changed; its targets apply from the change");

    public static string PolicyEdited { get; } = Bilingual.Join("SLA 策略已修改，新时限自修改时起生效", "SLA policy edited; the new targets apply from the edit");

    public static string RaisedNote(SlaCrossing crossing)
    {
        var (chinese, english) = ClockName(crossing.Clock);
        return Bilingual.Join($"{chinese}超时，自动升级故障等级", $"{english} breached; fault level raised automatically");
    }

    public static NotificationMessage Crossing(Ticket ticket, SlaCrossing crossing, SlaMarkKind kind, string receiverName)
    {
        var note = CrossingNote(crossing, kind);
        var tag = kind == SlaMarkKind.Warning ? "【工单预警 / Ticket warning】" : "【工单升级 / Ticket escalation】";
        var subject = $"{tag}{ticket.Number} {ticket.Title} — {note}";
        var local = TimeZoneInfo.ConvertTime(crossing.CrossedAt, s_china);
        var text = string.Join('\n',
            $"{receiverName}：",
            $"工单 / Ticket: {ticket.Number} {ticket.Title}",
            $"故障等级 / Fault level: {ticket.FaultLevel}",
            $"状态 / State: {ticket.State}",
            $"事项 / Event: {note}",
            $"发生时间 / At: {local:yyyy-MM-dd HH:mm} (UTC+8)",
            $"报告人 / Requester: {ticket.RequesterName} {ticket.RequesterContact}");
        var html = "<p>" + string.Join("<br>", text.Split('\n').Select(WebUtility.HtmlEncode)) + "</p>";
        return new NotificationMessage(subject, text, html);
    }
}
