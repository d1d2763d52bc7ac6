using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace RegionalGoodWork.Places;

/// <summary>
/// Places configuration (README: configuration keys): section <c>Modules:Places</c> plus
/// <c>Indicators:MinimumEmployers</c>, bound and validated at start-up (<see cref="PlacesOptionsRegistration"/>)
/// and injected as <c>IOptions&lt;PlacesOptions&gt;</c>.
/// </summary>
internal sealed class PlacesOptions
{
    public const string Section = "Modules:Places";

    public const string MinimumEmployersKey = "Indicators:MinimumEmployers";

    /// <summary><c>Indicators:MinimumEmployers</c>: an employer-derived figure resting on fewer employers is suppressed.</summary>
    public int MinimumEmployers { get; set; } = 5;

    /// <summary><c>Modules:Places:SeedGeography</c>: load the shipped councils and regions at silo start.</summary>
    public bool SeedGeography { get; set; } = true;

    /// <summary>
    /// <c>Modules:Places:FlushInterval</c>: how long contribution changes may wait in memory before the council and
    /// region grains write them (write-behind). Zero = write through on every change.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Modules:Places:DriftCheckInterval</c>: how often the background audit recomputes from the employers (zero = never).</summary>
    public TimeSpan DriftCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Modules:Places:RepairDrift</c>: re-apply fresh contributions where the audit finds drift.</summary>
    public bool RepairDrift { get; set; } = true;

    /// <summary>
    /// <c>Modules:Places:DefinitionRetryDelay</c>: how soon a region carries on with a definition that a council could not
    /// take (an outage, a crash) — it retries until every council has moved.
    /// </summary>
    public TimeSpan DefinitionRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>Modules:Places:YearEndCheckPeriod</c>: period of the reminder that takes the year-end snapshots of employer-derived
    /// figures once the business year has ended (and re-arms itself to fire just after midnight on 1 January).
    /// At least <c>Orleans:MinimumReminderPeriod</c>.
    /// </summary>
    public TimeSpan YearEndCheckPeriod { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Binds <see cref="PlacesOptions"/> and validates it when the silo starts.</summary>
internal static class PlacesOptionsRegistration
{
    public static OptionsBuilder<PlacesOptions> AddPlacesOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<PlacesOptions>, PlacesOptionsValidator>();
        return services.AddOptions<PlacesOptions>()
            .Bind(configuration.GetSection(PlacesOptions.Section))
            .Configure(o => o.MinimumEmployers = configuration.GetValue(PlacesOptions.MinimumEmployersKey, o.MinimumEmployers))
            .ValidateOnStart();
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class PlacesOptionsValidator(IOptions<ReminderOptions> reminders) : IValidateOptions<PlacesOptions>
{
    public ValidateOptionsResult Validate(string? name, PlacesOptions options)
    {
        var failures = new List<string>();
        if (options.MinimumEmployers < 0)
        {
            failures.Add($"{PlacesOptions.MinimumEmployersKey} must not be negative (was {options.MinimumEmployers}).");
        }

        if (options.FlushInterval < TimeSpan.Zero)
        {
            failures.Add($"{PlacesOptions.Section}:FlushInterval must not be negative (was {options.FlushInterval}; 00:00:00 writes through).");
        }

        if (options.DefinitionRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{PlacesOptions.Section}:DefinitionRetryDelay must be positive (was {options.DefinitionRetryDelay}).");
        }

        if (options.DriftCheckInterval < TimeSpan.Zero)
        {
            failures.Add($"{PlacesOptions.Section}:DriftCheckInterval must not be negative (was {options.DriftCheckInterval}; 00:00:00 disables the audit).");
        }

        var minimum = reminders.Value.MinimumReminderPeriod;
        if (options.YearEndCheckPeriod < minimum)
        {
            failures.Add($"{PlacesOptions.Section}:YearEndCheckPeriod must be at least {minimum:c}, Orleans' minimum reminder period (was {options.YearEndCheckPeriod}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
