using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Contributions;

/// <summary>
/// A council's employer contributions and the totals kept from them. The highest stamp seen per employer wins;
/// removed employers keep their stamp (a tombstone) so an older contribution delivered late cannot bring them back.
/// </summary>
[GenerateSerializer]
internal sealed class CouncilLedger
{
    [Id(0)] public Dictionary<string, EmployerContribution> Contributions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Employers removed from the council → the stamp of the removal.</summary>
    [Id(1)] public Dictionary<string, long> Removed { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public ContributionTotals Totals { get; set; } = new();

    /// <summary>The outcome of one contribution and whether the totals moved.</summary>
    public readonly record struct Change(ViewChange Result, bool TotalsChanged);

    public long? StampOf(string employerId) =>
        Contributions.TryGetValue(employerId, out var held) ? held.Stamp
        : Removed.TryGetValue(employerId, out var removed) ? removed
        : null;

    public Change Apply(EmployerContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var id = contribution.EmployerId;
        if (Stamps.Compare(StampOf(id), contribution.Stamp) != StampOrder.Newer)
        {
            return new(ViewChange.Stale, false);
        }

        Contributions.TryGetValue(id, out var old);
        if (contribution.IsRemoval)
        {
            Removed[id] = contribution.Stamp;
            if (old is null)
            {
                return new(ViewChange.Unchanged, false);
            }

            Contributions.Remove(id);
            Totals.Subtract(old);
            return new(ViewChange.Applied, ContributionTotals.Counts(old));
        }

        Removed.Remove(id);
        Contributions[id] = contribution;
        if (old is not null && old.SameContentAs(contribution))
        {
            return new(ViewChange.Unchanged, false);
        }

        if (old is not null)
        {
            Totals.Subtract(old);
        }

        Totals.Add(contribution);
        return new(ViewChange.Applied, ContributionTotals.Counts(contribution) || (old is not null && ContributionTotals.Counts(old)));
    }

    /// <summary>Every problem with a contribution; empty when it can be applied.</summary>
    /// <summary>Every problem of a batch, each field prefixed with the item's index (<c>[2].stamp</c>); empty when all can be applied.</summary>
    public static ValidationErrors ValidateBatch(IReadOnlyList<EmployerContribution>? contributions)
    {
        var errors = new ValidationErrors();
        if (contributions is null)
        {
            errors.Add("contributions", "A list of contributions is required.");
            return errors;
        }

        for (var i = 0; i < contributions.Count; i++)
        {
            foreach (var (field, messages) in Validate(contributions[i]).ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add($"[{i}].{field}", message);
                }
            }
        }

        return errors;
    }

    /// <summary>Applies a validated batch in order: how many were applied, unchanged or stale, and whether the totals moved.</summary>
    public (ContributionBatchResult Result, bool TotalsChanged) ApplyBatch(IReadOnlyList<EmployerContribution> contributions)
    {
        int applied = 0, unchanged = 0, stale = 0;
        var totalsChanged = false;
        foreach (var c in contributions)
        {
            var change = Apply(c);
            totalsChanged |= change.TotalsChanged;
            _ = change.Result switch
            {
                ViewChange.Applied => applied++,
                ViewChange.Unchanged => unchanged++,
                _ => stale++,
            };
        }

        return (new ContributionBatchResult(applied, unchanged, stale), totalsChanged);
    }

    public static ValidationErrors Validate(EmployerContribution? c)
    {
        var errors = new ValidationErrors();
        if (c is null)
        {
            errors.Add("contribution", "A contribution is required.");
            return errors;
        }

        if (string.IsNullOrWhiteSpace(c.EmployerId) || c.EmployerId.Length > 100)
        {
            errors.Add("employerId", "An employer id of 1 to 100 characters is required.");
        }

        if (c.Stamp < 0)
        {
            errors.Add("stamp", "The stamp cannot be negative.");
        }

        if (c.Headcount < 0)
        {
            errors.Add("headcount", "The headcount cannot be negative.");
        }

        if (c.Headcount > 0 && c.TotalHeadcount < c.Headcount)
        {
            errors.Add("totalHeadcount", "The employer's total headcount cannot be below its headcount in this council.");
        }

        if (c.Memberships is null)
        {
            errors.Add("memberships", "Memberships are required (empty when none).");
        }
        else
        {
            if (c.Memberships.Count > 0 && !c.InAnyCharter)
            {
                errors.Add("inAnyCharter", "An employer holding a tier is in a charter.");
            }

            for (var i = 0; i < c.Memberships.Count; i++)
            {
                var m = c.Memberships[i];
                if (m is null || !Ids.IsSlug(m.CharterId))
                {
                    errors.Add($"memberships[{i}].charterId", "A charter id (lowercase slug) is required.");
                }

                if (m is null || string.IsNullOrWhiteSpace(m.Tier) || m.Tier.Length > 60 || m.Tier.Contains('/', StringComparison.Ordinal))
                {
                    errors.Add($"memberships[{i}].tier", "A tier name of 1 to 60 characters, without '/', is required.");
                }
            }
        }

        if (c.ApprenticeshipStarts < 0)
        {
            errors.Add("apprenticeshipStarts", "Apprenticeship starts cannot be negative.");
        }

        if (c.GenderPayGapMedian is < -1000 or > 1000)
        {
            errors.Add("genderPayGapMedian", "A gender pay gap is a percentage between -1000 and 1000.");
        }

        return errors;
    }
}
