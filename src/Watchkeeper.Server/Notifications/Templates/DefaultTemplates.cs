namespace Watchkeeper.Server.Notifications.Templates;

/// <summary>A template's three parts; <see cref="Html"/> is used by e-mail only.</summary>
public sealed record TemplateSource(string Subject, string Body, string? Html);

/// <summary>
/// The built-in templates: Chinese first, English below. The same text serves every message kind, whose words
/// come from <c>{{status}}</c> and the kind flags (<c>{{#resolved}}</c>, <c>{{#escalation}}</c>…).
/// </summary>
public static class DefaultTemplates
{
    private const string Subject = "[{{status}}]{{#severity}}[{{severity}}]{{/severity}} {{title}} / [{{statusEn}}]{{#severityEn}}[{{severityEn}}]{{/severityEn}} {{titleEn}}";

    private const string Text = """
        {{status}}：{{title}}
        {{#test}}这是 Watchkeeper 视频监控运维平台的测试消息，收到即表示该渠道配置正确。
        {{/test}}{{#escalation}}以下告警在规定时间内无人确认，已升级到第 {{escalationStep}} 级。
        {{/escalation}}{{#resolved}}以下告警已恢复。
        {{/resolved}}{{#alarms}}
        - [{{severity}}] {{device}}，{{organization}}
          类型：{{type}}；状态：{{state}}{{#detail}}；详情：{{detail}}{{/detail}}
          发生：{{firstSeen}}{{#resolvedAt}}；恢复：{{resolvedAt}}{{/resolvedAt}}{{#affected}}；影响设备：{{affected}} 台{{/affected}}
        {{/alarms}}{{#more}}
        另有 {{more}} 条告警未列出。
        {{/more}}
        ----
        {{statusEn}}: {{titleEn}}
        {{#test}}This is a test message from the Watchkeeper video surveillance O&M platform; receiving it means the channel works.
        {{/test}}{{#escalation}}Nobody acknowledged the alarms below in time; they were escalated to step {{escalationStep}}.
        {{/escalation}}{{#resolved}}The alarms below have resolved.
        {{/resolved}}{{#alarms}}
        - [{{severityEn}}] {{device}}, {{organization}}
          Type: {{typeEn}}; state: {{stateEn}}{{#detail}}; detail: {{detail}}{{/detail}}
          Since: {{firstSeen}}{{#resolvedAt}}; resolved: {{resolvedAt}}{{/resolvedAt}}{{#affected}}; devices affected: {{affected}}{{/affected}}
        {{/alarms}}{{#more}}
        {{more}} more alarms are not listed.
        {{/more}}
        """;

    private const string Html = """
        <html><body style="font-family:sans-serif">
        <h3>{{status}}：{{title}}</h3>
        {{#test}}<p>这是 Watchkeeper 视频监控运维平台的测试消息，收到即表示该渠道配置正确。</p>{{/test}}
        {{#escalation}}<p>以下告警在规定时间内无人确认，已升级到第 {{escalationStep}} 级。</p>{{/escalation}}
        {{#resolved}}<p>以下告警已恢复。</p>{{/resolved}}
        {{#alarms}}<table border="1" cellpadding="4" style="border-collapse:collapse;margin-bottom:8px">
        <tr><th align="left">级别 / Severity</th><td>{{severity}} / {{severityEn}}</td></tr>
        <tr><th align="left">设备 / Device</th><td>{{device}}</td></tr>
        <tr><th align="left">组织 / Organization</th><td>{{organization}}</td></tr>
        <tr><th align="left">类型 / Type</th><td>{{type}} / {{typeEn}}</td></tr>
        <tr><th align="left">状态 / State</th><td>{{state}} / {{stateEn}}</td></tr>
        {{#detail}}<tr><th align="left">详情 / Detail</th><td>{{detail}}</td></tr>{{/detail}}
        <tr><th align="left">发生 / Since</th><td>{{firstSeen}}</td></tr>
        {{#resolvedAt}}<tr><th align="left">恢复 / Resolved</th><td>{{resolvedAt}}</td></tr>{{/resolvedAt}}
        {{#affected}}<tr><th align="left">影响设备 / Devices affected</th><td>{{affected}}</td></tr>{{/affected}}
        </table>{{/alarms}}
        {{#more}}<p>另有 {{more}} 条告警未列出。 / {{more}} more alarms are not listed.</p>{{/more}}
        <hr><h3>{{statusEn}}: {{titleEn}}</h3>
        {{#test}}<p>This is a test message from the Watchkeeper video surveillance O&amp;M platform; receiving it means the channel works.</p>{{/test}}
        {{#escalation}}<p>Nobody acknowledged these alarms in time; they were escalated to step {{escalationStep}}.</p>{{/escalation}}
        {{#resolved}}<p>These alarms have resolved.</p>{{/resolved}}
        </body></html>
        """;

    private const string Markdown = """
        ### {{status}}：{{title}}
        {{#test}}这是 Watchkeeper 视频监控运维平台的测试消息，收到即表示该渠道配置正确。
        {{/test}}{{#escalation}}以下告警在规定时间内无人确认，已升级到第 {{escalationStep}} 级。
        {{/escalation}}{{#resolved}}以下告警已恢复。
        {{/resolved}}{{#alarms}}
        - **{{severity}}** {{device}}，{{organization}}：{{type}}（{{state}}）{{#detail}}，{{detail}}{{/detail}}，发生 {{firstSeen}}{{#resolvedAt}}，恢复 {{resolvedAt}}{{/resolvedAt}}{{#affected}}，影响 {{affected}} 台设备{{/affected}}
        {{/alarms}}{{#more}}
        另有 {{more}} 条告警未列出。
        {{/more}}

        ---
        ### {{statusEn}}: {{titleEn}}
        {{#alarms}}
        - **{{severityEn}}** {{device}}, {{organization}}: {{typeEn}} ({{stateEn}}), since {{firstSeen}}{{#resolvedAt}}, resolved {{resolvedAt}}{{/resolvedAt}}
        {{/alarms}}
        """;

    private const string Sms = "【Watchkeeper】{{status}} {{severity}} {{title}}{{#first}}，{{detail}}，{{firstSeen}}{{/first}}{{#more}}，另 {{more}} 条{{/more}}";

    public static TemplateSource For(NotificationChannelKind channel) => channel switch
    {
        NotificationChannelKind.Email => new TemplateSource(Subject, Text, Html),
        NotificationChannelKind.DingTalk or NotificationChannelKind.WeCom or NotificationChannelKind.Feishu => new TemplateSource(Subject, Markdown, null),
        NotificationChannelKind.Sms => new TemplateSource(Subject, Sms, null),
        _ => new TemplateSource(Subject, Text, null),
    };

}
