using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RegionalGoodWork.Webhooks;

/// <summary>
/// Configuration of the Webhooks module (section <c>Webhooks</c>), bound and validated at start-up and injected as
/// <c>IOptions&lt;WebhooksOptions&gt;</c>.
/// </summary>
internal sealed record WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary><c>Webhooks:MaxAttempts</c>: attempts per delivery before it is given up (status failed). Default 8.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>
    /// <c>Webhooks:RetryDelay</c>: the base of the exponential backoff — the n-th retry waits about RetryDelay × 2^(n-1), jittered
    /// to between half and all of it, at most <see cref="MaxRetryDelay"/>. Default 30 s (with 8 attempts: given up after about an hour).
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Webhooks:MaxRetryDelay</c>: the longest wait between two attempts. Default 30 min.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary><c>Webhooks:AttemptTimeout</c>: how long a receiver has to answer one attempt. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>Webhooks:WakePeriod</c>: the period of the reminder a webhook (or a module owing it events) holds while something is
    /// pending, so sending resumes after a crash. Default 1 min; at least <c>Orleans:MinimumReminderPeriod</c>.
    /// </summary>
    public TimeSpan WakePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Webhooks:DeliveriesKept</c>: finished deliveries kept per webhook (pending ones are always kept). Default 500.</summary>
    public int DeliveriesKept { get; init; } = 500;
}

/// <summary>Binds <see cref="WebhooksOptions"/> to <c>Webhooks</c> and validates it when the silo starts.</summary>
internal static class WebhooksOptionsRegistration
{
    public static OptionsBuilder<WebhooksOptions> AddWebhooksOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhooksOptionsValidator>();
        return services.AddOptions<WebhooksOptions>()
            .Bind(configuration.GetSection(WebhooksOptions.Section))
            .ValidateOnStart();
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class WebhooksOptionsValidator(IOptions<ReminderOptions> reminders) : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{WebhooksOptions.Section}:MaxAttempts must be from 1 to 100 (was {options.MaxAttempts}).");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{WebhooksOptions.Section}:RetryDelay must be positive and no longer than MaxRetryDelay (were {options.RetryDelay} and {options.MaxRetryDelay}).");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{WebhooksOptions.Section}:AttemptTimeout must be positive (was {options.AttemptTimeout}).");
        }

        var minimum = reminders.Value.MinimumReminderPeriod;
        if (options.WakePeriod < minimum)
        {
            failures.Add($"{WebhooksOptions.Section}:WakePeriod must be at least {minimum:c}, Orleans' minimum reminder period (was {options.WakePeriod}).");
        }

        if (options.DeliveriesKept < 1)
        {
            failures.Add($"{WebhooksOptions.Section}:DeliveriesKept must be positive (was {options.DeliveriesKept}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
