using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace RegionalGoodWork.Charters;

/// <summary>
/// Configuration of the Charters module (section <c>Modules:Charters</c>), bound and validated at start-up
/// (<see cref="ChartersOptionsRegistration"/>) and injected as <c>IOptions&lt;ChartersOptions&gt;</c>.
/// </summary>
internal sealed record ChartersOptions
{
    public const string Section = "Modules:Charters";

    /// <summary><c>Modules:Charters:SeedDemo</c>: load and publish the shipped demo charters at silo start (default true).</summary>
    public bool SeedDemo { get; init; } = true;

    /// <summary>
    /// <c>Modules:Charters:MemberIndexWriteDelay</c>: member index changes are written behind, coalesced, at most this
    /// long after the first unsaved change (default 00:00:02; 00:00:00 writes every change at once).
    /// </summary>
    public TimeSpan MemberIndexWriteDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Modules:Charters:FanOutBatchSize</c>: how many members are re-assessed at once (one <c>Task.WhenAll</c>, then one
    /// write of the cursor) when a new version is published (default 50).
    /// </summary>
    public int FanOutBatchSize { get; init; } = 50;

    /// <summary>
    /// <c>Modules:Charters:FanOutReminderPeriod</c>: period of the reminder a charter's fan-out grain holds while a fan-out is
    /// pending (and a charter while it owes one a hand-over), which re-activates it after a silo died half-way (default 00:01:00, the Orleans minimum).
    /// </summary>
    public TimeSpan FanOutReminderPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Modules:Charters:MemberAuditInterval</c>: how often the background audit checks every charter's member index
    /// against the employers (default 01:00:00; 00:00:00 = never).
    /// </summary>
    public TimeSpan MemberAuditInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>Modules:Charters:RepairMemberIndexes</c>: let the employers put right the lines the audit finds wrong (default true; false only reports).</summary>
    public bool RepairMemberIndexes { get; init; } = true;

    /// <summary>
    /// <c>Modules:Charters:FanOutHaltAfterBatches</c>: TESTS ONLY. An activation stops its fan-out after this many batches
    /// and leaves it pending, as a silo dying half-way would. Unset (the default) in any real deployment.
    /// </summary>
    public int? FanOutHaltAfterBatches { get; init; }

    /// <summary>
    /// <c>Modules:Charters:SkipFanOutHandOver</c>: TESTS ONLY. A publish records the fan-out it owes but never hands it to
    /// the fan-out grain, as a silo dying right after the publish write would. False (the default) in any real deployment.
    /// </summary>
    public bool SkipFanOutHandOver { get; init; }
}

/// <summary>Binds <see cref="ChartersOptions"/> to <c>Modules:Charters</c> and validates it when the silo starts.</summary>
internal static class ChartersOptionsRegistration
{
    public static OptionsBuilder<ChartersOptions> AddChartersOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ChartersOptions>, ChartersOptionsValidator>();
        return services.AddOptions<ChartersOptions>()
            .Bind(configuration.GetSection(ChartersOptions.Section))
            .ValidateOnStart();
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class ChartersOptionsValidator(IOptions<ReminderOptions> reminders) : IValidateOptions<ChartersOptions>
{
    public ValidateOptionsResult Validate(string? name, ChartersOptions options)
    {
        var failures = new List<string>();
        if (options.MemberIndexWriteDelay < TimeSpan.Zero)
        {
            failures.Add($"{ChartersOptions.Section}:MemberIndexWriteDelay must not be negative (was {options.MemberIndexWriteDelay}).");
        }

        if (options.MemberAuditInterval < TimeSpan.Zero)
        {
            failures.Add($"{ChartersOptions.Section}:MemberAuditInterval must not be negative (was {options.MemberAuditInterval}; 00:00:00 disables the audit).");
        }

        if (options.FanOutBatchSize < 1)
        {
            failures.Add($"{ChartersOptions.Section}:FanOutBatchSize must be at least 1 (was {options.FanOutBatchSize}).");
        }

        var minimum = reminders.Value.MinimumReminderPeriod;
        if (options.FanOutReminderPeriod < minimum)
        {
            failures.Add($"{ChartersOptions.Section}:FanOutReminderPeriod must be at least {minimum:c}, Orleans' minimum reminder period (was {options.FanOutReminderPeriod}).");
        }

        if (options.FanOutHaltAfterBatches is < 0)
        {
            failures.Add($"{ChartersOptions.Section}:FanOutHaltAfterBatches must not be negative (was {options.FanOutHaltAfterBatches}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
