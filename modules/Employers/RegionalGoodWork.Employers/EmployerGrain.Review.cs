using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
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

        // The officer decides on what they read (the list is a view, and the employer may report more meanwhile): an
        // application that has changed since — another tier, other items — is not decided blind.
        if ((command.SeenTier is { } tier && tier != pending.Tier)
            || (command.SeenEvidenceItemIds is { } ids && !ids.Order(StringComparer.Ordinal).SequenceEqual(pending.EvidenceItemIds.Order(StringComparer.Ordinal), StringComparer.Ordinal)))
        {
            return Problem.Conflict($"The application of employer '{EmployerId}' changed since you read it: it now asks for {pending.Tier} " +
                $"on {string.Join(", ", pending.EvidenceItemIds)}. Read it again and decide on what it asks now. Nothing was decided.");
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

    public async Task<Outcome<EvidenceItemView>> VerifyEvidenceAsync(string itemId, string verifiedBy)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (!S.Exists)
        {
            return Unknown<EvidenceItemView>();
        }

        if (S.Evidence.Find(e => e.Id == itemId) is not { } item)
        {
            // An item of this locker moved to an archive page can never count again: not one to verify (409), unlike an unknown id.
            return EvidenceNumber(itemId) is { } n && n <= S.LastEvidenceNumber
                ? Problem.Conflict($"Item {itemId} is superseded (archived): only evidence in force can be verified.")
                : Problem.NotFound("evidence item", itemId);
        }

        if (item.Source.IsVerified())
        {
            return Problem.Conflict($"Item {itemId} is already {item.Source.ToWire()}.");
        }

        if (S.Evidence.Find(e => e.Source.IsVerified() && e.Note == $"verifies {itemId}") is { } copyHeld)
        {
            return Problem.Conflict($"Item {itemId} was verified already, as {copyHeld.Id}.");
        }

        if (!item.InForceOn(Today) || (await catalogue.GetAsync()).FindKind(item.Kind) is not { } kind)
        {
            return Problem.Conflict($"Item {itemId} is not in force today: only evidence in force can be verified.");
        }

        // Append-only: the verified copy is a new item; an approval resting on the item now rests on the copy.
        var copy = new ValidEvidence(kind, item.Value, item.EffectiveFrom, item.ValidUntil, EvidenceSource.OfficerVerified, $"verifies {itemId}");
        IReadOnlyList<EvidenceAccepted> accepted = [];
        await ChangeAsync(() =>
        {
            accepted = S.AppendEvidence([copy], verifiedBy, Now);
            var verified = S.Evidence[^1];
            foreach (var membership in S.Memberships.Values.Where(m => m.Review?.Snapshot.Any(e => e.Id == itemId) == true).ToList())
            {
                S.Memberships[membership.CharterId] = membership with { Review = OfficerReviews.Verified(membership.Review!, itemId, verified) };
            }
        });
        EmployersLog.EvidenceAccepted(logger, EmployerId, accepted.Count, S.Stamp);
        return Outcome<EvidenceItemView>.Ok(S.Evidence[^1].ToView(CurrentEvidence.On(S.Evidence, Today).Values.Any(e => e.Id == accepted[0].Id)));
    }

    public async Task<Outcome<EvidenceSample>> SampleEvidenceAsync(string charterId, int size)
    {
        ArgumentNullException.ThrowIfNull(charterId);
        if (!S.Exists)
        {
            return Unknown<EvidenceSample>();
        }

        if (S.Memberships.GetValueOrDefault(charterId) is not { IsActive: true } membership
            || await charters.GetVersionAsync(charterId, membership.CharterVersion) is not { } version)
        {
            return new Problem(ProblemKind.NotFound, "Unknown membership", $"Employer '{EmployerId}' is not a member of '{charterId}'.");
        }

        var kinds = version.Definition.Requirements.SelectMany(r => r.Rule.Kinds()).ToHashSet(StringComparer.Ordinal);
        var held = CurrentEvidence.On(S.Evidence, Today).Values.Where(e => kinds.Contains(e.Kind)).OrderBy(e => e.Kind, StringComparer.Ordinal).ToArray();
        var drawn = held.ToArray();
        Random.Shared.Shuffle(drawn);
        var items = drawn.Take(Math.Clamp(size, 0, drawn.Length)).OrderBy(e => e.Kind, StringComparer.Ordinal).Select(e => e.ToView(true)).ToList();
        return Outcome<EvidenceSample>.Ok(new EvidenceSample(charterId, EmployerId, version.Version, Now, held.Length, items));
    }

    /// <summary>n of an item id <c>ev-n</c>, or null.</summary>
    private static int? EvidenceNumber(string itemId) =>
        itemId.StartsWith("ev-", StringComparison.Ordinal) && int.TryParse(itemId.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
