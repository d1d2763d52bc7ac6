namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// A public contract award naming the employer as a supplier (Contracts Finder, OCDS): <see cref="Ocid"/> and
/// <see cref="AwardId"/> identify it; <see cref="Value"/> is the award's whole value as published, in
/// <see cref="Currency"/>; <see cref="Suppliers"/> how many suppliers the award names (a framework names many, and says
/// nothing of who gets what). A partner's fact, not evidence: <c>GET /employers/{id}/contracts</c> lists them and the
/// council indicators read the employer's share of their value (<see cref="AttributedValue"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.contract-award")]
public sealed record ContractAward(
    [property: Id(0)] string Ocid,
    [property: Id(1)] string AwardId,
    [property: Id(2)] string? Buyer,
    [property: Id(3)] decimal? Value,
    [property: Id(4)] string? Currency,
    [property: Id(5)] DateTimeOffset? Date,
    [property: Id(6)] int Suppliers)
{
    /// <summary>The one currency the indicators add up.</summary>
    public const string Pounds = "GBP";

    /// <summary>
    /// This supplier's share of the award's value in pounds: the value split equally among the award's suppliers (an OCDS
    /// award gives no split, and guessing one would be worse); 0 for another currency or no value.
    /// </summary>
    public decimal AttributedValue =>
        Value is > 0 && string.Equals(Currency, Pounds, StringComparison.Ordinal) ? Value.Value / Math.Max(1, Suppliers) : 0m;

    /// <summary>The same award (whatever it says).</summary>
    public bool SameAwardAs(ContractAward other) =>
        other is not null && Ocid == other.Ocid && AwardId == other.AwardId;
}
