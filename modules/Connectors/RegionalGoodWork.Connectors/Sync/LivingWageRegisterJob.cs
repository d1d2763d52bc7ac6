using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>living-wage-register</c>: the accredited employers → partner-verified <c>pay.rlw-accredited</c> true (and
/// <c>conditions.living-hours-accredited</c> true when <c>livingHours</c>) for each employer on the platform with that
/// company number; an employer that leaves the list (or loses Living Hours) gets a new item <c>false</c>. The cursor is
/// every company number accredited at the last run (<c>rlw</c> or <c>rlw+lh</c>), matched or not, so leaving is seen
/// even for an employer that joined the platform in between.
/// </summary>
internal sealed class LivingWageRegisterJob(ILivingWageRegisterApi api, CompanyNumberMatcher matcher, PartnerEvidenceWriter writer) : IConnectorJob
{
    public const string Accredited = "pay.rlw-accredited";

    public const string LivingHours = "conditions.living-hours-accredited";

    private const string WithLivingHours = "rlw+lh";

    public string ConnectorId => ConnectorIds.LivingWageRegister;

    public async Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken)
    {
        var register = await api.GetAccreditedEmployersAsync(cancellationToken);
        if (register?.Employers is not { } employers)
        {
            throw new PartnerDataException("The register's answer has no \"employers\" list: expected {\"employers\": [{companyNumber, name, accreditedOn, livingHours?}]}.");
        }

        var now = new Dictionary<string, string>(StringComparer.Ordinal);
        var failed = 0;
        foreach (var employer in employers)
        {
            if (CompanyNumberMatcher.Normalize(employer?.CompanyNumber) is not { } number)
            {
                failed++; // an entry without a usable company number cannot be matched, nor later seen leaving
                continue;
            }

            now[number] = employer!.LivingHours == true || now.GetValueOrDefault(number) == WithLivingHours ? WithLivingHours : "rlw";
        }

        var matched = await matcher.MatchAsync(now.Keys.Concat(cursor.Keys));
        var facts = new List<PartnerFact>();
        foreach (var (number, employerId) in matched)
        {
            var was = cursor.GetValueOrDefault(number);
            if (now.TryGetValue(number, out var held))
            {
                facts.Add(new PartnerFact(employerId, Accredited, EvidenceValue.FromBool(true), $"On the Living Wage register ({number})"));
                if (held == WithLivingHours)
                {
                    facts.Add(new PartnerFact(employerId, LivingHours, EvidenceValue.FromBool(true), $"Living Hours accredited ({number})"));
                }
                else if (was == WithLivingHours)
                {
                    facts.Add(new PartnerFact(employerId, LivingHours, EvidenceValue.FromBool(false), $"No longer Living Hours accredited ({number})"));
                }
            }
            else
            {
                facts.Add(new PartnerFact(employerId, Accredited, EvidenceValue.FromBool(false), $"Left the Living Wage register ({number})"));
                if (was == WithLivingHours)
                {
                    facts.Add(new PartnerFact(employerId, LivingHours, EvidenceValue.FromBool(false), $"Left the Living Wage register ({number})"));
                }
            }
        }

        var (changed, refused) = await writer.WriteAsync(ConnectorId, facts);
        var unmatched = now.Keys.Count(n => !matched.ContainsKey(n));
        return new JobResult(employers.Count, changed, failed + refused, unmatched, now);
    }
}
