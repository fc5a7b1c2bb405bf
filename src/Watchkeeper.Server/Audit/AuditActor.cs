using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Watchkeeper.Server.Audit;

/// <summary>Who acted and from where, as written to an audit entry.</summary>
public sealed record AuditActor(string? UserId, string? UserName, AuditChannel Channel, string? RemoteAddress)
{
    private static readonly AsyncLocal<AuditActor?> s_current = new();

    /// <summary>Background work that acts for nobody.</summary>
    public static AuditActor System { get; } = new(null, "system", AuditChannel.System, null);

    /// <summary>
    /// The actor of the current console event, set by <see cref="AuditCircuitHandler"/>, because console circuits
    /// have no HttpContext. Null elsewhere.
    /// </summary>
    public static AuditActor? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public static AuditActor From(ClaimsPrincipal principal, AuditChannel channel, string? remoteAddress)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(null, null, channel, remoteAddress);
        }

        // Cookie principals carry NameIdentifier; bearer tokens keep the JWT "sub" claim (inbound claims are not mapped).
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue(JwtRegisteredClaimNames.Sub);
        return new AuditActor(Cut(userId), Cut(principal.Identity.Name), channel, remoteAddress);
    }

    public static string? AddressOf(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    internal static string? Cut(string? text) =>
        text is null || text.Length <= AuditEntry.MaxUserLength ? text : text[..AuditEntry.MaxUserLength];
}

/// <summary>Finds the actor of the current work: a console event, an HTTP request, or the system.</summary>
public sealed class AuditActorResolver(IHttpContextAccessor httpContextAccessor)
{
    /// <summary>
    /// Returns the actor for <paramref name="principal"/> when given, else the current console event's or HTTP
    /// request's user, else <see cref="AuditActor.System"/>.
    /// </summary>
    public AuditActor Resolve(ClaimsPrincipal? principal = null)
    {
        var http = httpContextAccessor.HttpContext;
        if (principal is null && AuditActor.Current is { } consoleActor)
        {
            return consoleActor;
        }

        if (http is not null)
        {
            var channel = http.Request.Path.StartsWithSegments("/api") ? AuditChannel.Api : AuditChannel.Console;
            return AuditActor.From(principal ?? http.User, channel, AuditActor.AddressOf(http.Connection.RemoteIpAddress));
        }

        if (principal is not null)
        {
            return AuditActor.From(principal, AuditChannel.Console, AuditActor.Current?.RemoteAddress);
        }

        return AuditActor.System;
    }
}

/// <summary>
/// Sets <see cref="AuditActor.Current"/> for every event a console circuit handles, from the circuit's signed-in
/// user and the address of the browser's connection.
/// </summary>
public sealed class AuditCircuitHandler(AuthenticationStateProvider authentication, IHttpContextAccessor httpContextAccessor) : CircuitHandler
{
    // The circuit's scope is created while the browser's connection request is handled, so its HttpContext is
    // available here and gone in later events.
    private readonly string? _remoteAddress = AuditActor.AddressOf(httpContextAccessor.HttpContext?.Connection.RemoteIpAddress);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            AuditActor.Current = AuditActor.From(state.User, AuditChannel.Console, _remoteAddress);
            await next(context);
        };
}
