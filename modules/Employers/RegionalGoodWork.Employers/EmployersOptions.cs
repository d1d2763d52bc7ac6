using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace RegionalGoodWork.Employers;

/// <summary>
/// Configuration of the Employers module (section <c>Modules:Employers</c>), bound and validated at start-up and
/// injected as <c>IOptions&lt;EmployersOptions&gt;</c>.
/// </summary>
internal sealed record EmployersOptions
{
    public const string Section = "Modules:Employers";

    /// <summary>
    /// <c>Modules:Employers:ViewRetryDelay</c>: how long after telling its views an employer asks again whether they
    /// stored the change (views write behind), and how often it re-tells a view that has not, or could not be reached
    /// (default 00:00:10; more than the views' write-behind delays, so one ask usually settles it).
    /// </summary>
    public TimeSpan ViewRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>Modules:Employers:ViewWakePeriod</c>: while a change is owed to a view, the employer's reminder fires this
    /// often, so an employer whose silo died re-activates and tells its views again (default 00:01:00; at least Orleans'
    /// <c>Orleans:MinimumReminderPeriod</c>).
    /// </summary>
    public TimeSpan ViewWakePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Modules:Employers:EvidenceArchivePageSize</c>: once this many of an employer's items can never again be their kind's
    /// current value (superseded, or expired and noted), they move to an archive page in one write, so the employer's own
    /// state — written at every submission — stays small whatever its history (default 32).
    /// </summary>
    public int EvidenceArchivePageSize { get; init; } = 32;
}

/// <summary>Binds <see cref="EmployersOptions"/> to <c>Modules:Employers</c> and validates it when the silo starts.</summary>
internal static class EmployersOptionsRegistration
{
    public static OptionsBuilder<EmployersOptions> AddEmployersOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<EmployersOptions>, EmployersOptionsValidator>();
        return services.AddOptions<EmployersOptions>()
            .Bind(configuration.GetSection(EmployersOptions.Section))
            .ValidateOnStart();
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class EmployersOptionsValidator(IOptions<ReminderOptions> reminders) : IValidateOptions<EmployersOptions>
{
    public ValidateOptionsResult Validate(string? name, EmployersOptions options)
    {
        var failures = new List<string>();
        if (options.ViewRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{EmployersOptions.Section}:ViewRetryDelay must be positive (was {options.ViewRetryDelay}).");
        }

        if (options.EvidenceArchivePageSize < 1)
        {
            failures.Add($"{EmployersOptions.Section}:EvidenceArchivePageSize must be at least 1 (was {options.EvidenceArchivePageSize}).");
        }

        var minimum = reminders.Value.MinimumReminderPeriod;
        if (options.ViewWakePeriod < minimum)
        {
            failures.Add($"{EmployersOptions.Section}:ViewWakePeriod must be at least {minimum:c}, Orleans' minimum reminder period (was {options.ViewWakePeriod}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
