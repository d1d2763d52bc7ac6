using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Review;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers;

/// <summary>The employer's officer review (<see cref="IEmployerReviewGrain"/>; rules in <see cref="OfficerReviews"/>).</summary>
internal sealed partial class EmployerGrain : IEmployerReviewGrain
{
    public async Task<Outcome<MembershipView>> DecideApplicationAsync(DecideApplication command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!S.Exists)
        {
            return Unknown<MembershipView>();
        }

        if (S.Memberships.GetValueOrDefault(command.CharterId) is not { IsActive: true } membership)
        {
            return new Problem(ProblemKind.NotFound, "Unknown membership", $"Employer '{EmployerId}' is not a member of '{command.CharterId}'.");
        }

        if (membership.Review?.Pending is not { } pending)
        {
            return Problem.Conflict($"No application of employer '{EmployerId}' waits for an officer of '{command.CharterId}'.");
        }

        // One ordinary change: the decision, then the re-assessment that shows the approved tier and tells the views.
        await ChangeAsync(() =>
        {
            S.Memberships[command.CharterId] = membership with
            {
                Review = OfficerReviews.Decide(membership.Review, command.Verdict, command.Note, command.DecidedBy, Now, S.Evidence),
            };
            S.UpdatedAt = Now;
        });
        EmployersLog.ApplicationDecided(logger, EmployerId, command.CharterId, pending.Tier, command.Verdict.ToString(), command.DecidedBy);
        return Outcome<MembershipView>.Ok(S.Memberships[command.CharterId].ToView());
    }
}
