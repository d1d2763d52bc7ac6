using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Concurrency;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Evidence;

/// <summary>
/// A partner's push (<see cref="IPartnerEvidenceGrain"/>): finds each item's employer (by id, or by company number
/// through <see cref="CompanyNumbers.FindEmployerAsync"/>), then gives each employer its items as one partner-verified
/// batch naming the partner as verifier, so the employer's own validation — the kind's <c>verifiers</c> included — decides.
/// A batch an employer refuses is split: the items its problems name are rejected with them, the rest are sent again.
/// </summary>
[GrainType("partner-evidence"), StatelessWorker]
internal sealed partial class PartnerEvidenceGrain : Grain, IPartnerEvidenceGrain
{
    /// <summary>Employers sent their batches at once.</summary>
    private const int EmployersAtOnce = 32;

    public async Task<Outcome<PartnerEvidenceSubmitted>> SubmitAsync(SubmitPartnerEvidence command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Items is not { Count: > 0 and <= PartnerEvidenceLimits.MaxItems } items)
        {
            var errors = new ValidationErrors();
            errors.Add("items", $"Required: a list of 1 to {PartnerEvidenceLimits.MaxItems} items {{employerId or companyNumber, kind, value, effectiveFrom?}}.");
            return Problem.Invalid(errors);
        }

        var rejected = new List<PartnerItemRejected>();
        var byEmployer = new Dictionary<string, List<(int Index, EvidenceItemInput Item)>>(StringComparer.Ordinal);
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var (employerId, reason) = await EmployerOfAsync(items[i], found);
            if (employerId is null)
            {
                rejected.Add(new PartnerItemRejected(i, reason!));
                continue;
            }

            var item = items[i]!.Item;
            if (item.Source is { } source && source != EvidenceSource.PartnerVerified.ToWire())
            {
                rejected.Add(new PartnerItemRejected(i, $"A partner's items are recorded as partner-verified; they cannot be '{source}'."));
                continue;
            }

            if (!byEmployer.TryGetValue(employerId, out var list))
            {
                byEmployer[employerId] = list = [];
            }

            list.Add((i, item with { Source = null }));
        }

        var accepted = new List<PartnerItemAccepted>();
        var batches = byEmployer.SelectMany(e => e.Value.Chunk(EvidenceBatch.MaxItems).Select(c => (EmployerId: e.Key, Items: c))).ToList();
        foreach (var wave in batches.Chunk(EmployersAtOnce))
        {
            foreach (var (taken, refused) in await Task.WhenAll(wave.Select(b => SubmitAsync(command, b.EmployerId, b.Items))))
            {
                accepted.AddRange(taken);
                rejected.AddRange(refused);
            }
        }

        return Outcome<PartnerEvidenceSubmitted>.Ok(new PartnerEvidenceSubmitted(
            accepted.OrderBy(a => a.Index).ToList(), rejected.OrderBy(r => r.Index).ToList()));
    }

    private async Task<(string? EmployerId, string? Reason)> EmployerOfAsync(PartnerItemInput? input, Dictionary<string, string?> found)
    {
        if (input is null)
        {
            return (null, "Must be an object {employerId or companyNumber, kind, value, effectiveFrom?}.");
        }

        if (input.EmployerId is { } given)
        {
            var id = EmployerIds.Normalize(given);
            return EmployerIds.IsValid(id) ? (id, null) : (null, $"'{given}' is not an employer id.");
        }

        if (input.CompanyNumber is not { } number)
        {
            return (null, "Required: employerId or companyNumber.");
        }

        var normalized = CompanyNumbers.Normalize(number);
        if (!CompanyNumbers.IsValid(normalized))
        {
            return (null, $"'{number}' is not a Companies House number: eight letters or digits such as 01234567 or SC123456.");
        }

        if (!found.TryGetValue(normalized, out var employer))
        {
            var (one, ambiguous) = await CompanyNumbers.FindEmployerAsync(GrainFactory, normalized);
            found[normalized] = employer = one ?? (ambiguous.Count > 0 ? null : "");
            if (ambiguous.Count > 0)
            {
                return (null, $"Company number {normalized} is named by several employers ({string.Join(", ", ambiguous)}); send the employerId.");
            }
        }

        return employer is { Length: > 0 } ? (employer, null) : (null, $"No employer on the platform has company number {normalized}.");
    }

    private async Task<(List<PartnerItemAccepted> Accepted, List<PartnerItemRejected> Rejected)> SubmitAsync(
        SubmitPartnerEvidence command, string employerId, IReadOnlyList<(int Index, EvidenceItemInput Item)> items)
    {
        var accepted = new List<PartnerItemAccepted>();
        var rejected = new List<PartnerItemRejected>();
        var employer = GrainFactory.GetEmployer(employerId);
        var pending = items.ToList();
        while (pending.Count > 0)
        {
            var submitted = await employer.SubmitEvidenceAsync(new SubmitEvidence(pending.Select(p => (EvidenceItemInput?)p.Item).ToList(),
                command.SubmittedBy, MayChooseSource: false, DefaultSource: EvidenceSource.PartnerVerified, Verifier: command.PartnerId));
            if (submitted.Value is { } done)
            {
                accepted.AddRange(done.Accepted.Select((a, n) => new PartnerItemAccepted(pending[n].Index, employerId, a.Id, a.Kind)));
                break;
            }

            var problem = submitted.Problem!;
            var named = ItemProblems(problem);
            if (problem.Kind != ProblemKind.Invalid || named.Count == 0)
            {
                var reason = problem.Kind == ProblemKind.NotFound ? $"Unknown employer '{employerId}'." : problem.Detail ?? problem.Title;
                rejected.AddRange(pending.Select(p => new PartnerItemRejected(p.Index, reason)));
                break;
            }

            rejected.AddRange(named.Select(n => new PartnerItemRejected(pending[n.Key].Index, string.Join(" ", n.Value))));
            pending = pending.Where((_, n) => !named.ContainsKey(n)).ToList();
        }

        return (accepted, rejected);
    }

    /// <summary>The batch's problems by item position (<c>items[3].value</c> → 3), each as "field: message".</summary>
    private static Dictionary<int, List<string>> ItemProblems(Problem problem)
    {
        var named = new Dictionary<int, List<string>>();
        foreach (var (field, messages) in problem.Errors ?? [])
        {
            if (ItemField().Match(field) is { Success: true } m)
            {
                var at = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                var name = m.Groups["field"].Value.TrimStart('.');
                if (!named.TryGetValue(at, out var list))
                {
                    named[at] = list = [];
                }

                list.AddRange(messages.Select(message => name.Length == 0 ? message : $"{name}: {message}"));
            }
        }

        return named;
    }

    [GeneratedRegex(@"^items\[(?<n>\d+)\](?<field>.*)$")]
    private static partial Regex ItemField();
}
