using System.Text.Json.Serialization;
using Refit;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>The Living Wage register, this platform's own contract (api.md, Partners and connectors).</summary>
internal interface ILivingWageRegisterApi
{
    [Get("/accredited-employers")]
    Task<AccreditedEmployers> GetAccreditedEmployersAsync(CancellationToken cancellationToken);
}

internal sealed record AccreditedEmployers(IReadOnlyList<AccreditedEmployer>? Employers);

internal sealed record AccreditedEmployer(string? CompanyNumber, string? Name, DateOnly? AccreditedOn, bool? LivingHours);

/// <summary>The partners' JSON, source-generated (camelCase on the wire).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AccreditedEmployers))]
[JsonSerializable(typeof(CompanyProfile))]
[JsonSerializable(typeof(OcdsSearchPage))]
internal sealed partial class ConnectorsJson : JsonSerializerContext;
