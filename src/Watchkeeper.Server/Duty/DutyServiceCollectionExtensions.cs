using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Duty;

public static class DutyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the duty roster: <see cref="IDutyRoster"/> for alarm routing and ticket assignment, and the services of
    /// the API and console. Startup fails when <c>DutyRoster:TimeZone</c> names no known time zone.
    /// </summary>
    public static IServiceCollection AddDutyRoster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DutyRosterOptions>()
            .Bind(configuration.GetSection(DutyRosterOptions.Section))
            .Validate(o => DutyTimeZone.Find(o.TimeZone) is not null,
                $"{DutyRosterOptions.Section}:TimeZone names no time zone known on this machine; use an IANA name such as {DutyRosterOptions.DefaultTimeZone}.")
            .ValidateOnStart();
        services.AddSingleton(sp => new DutyTimeZone(DutyTimeZone.Find(sp.GetRequiredService<IOptions<DutyRosterOptions>>().Value.TimeZone)!));
        services.AddSingleton<DutyRoster>();
        services.AddSingleton<IDutyRoster>(sp => sp.GetRequiredService<DutyRoster>());
        services.AddScoped<DutyTeamService>();
        services.AddScoped<DutyShiftService>();
        services.AddScoped<HandoverService>();
        return services;
    }
}
