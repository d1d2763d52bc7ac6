using System.Collections.Concurrent;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>Finds the employers on the platform that partners name by company number (<see cref="CompanyNumbers.FindEmployerAsync"/>).</summary>
internal sealed class CompanyNumberMatcher(IGrainFactory grains)
{
    private const int AtOnce = 32;

    /// <summary>
    /// A partner's company number as Companies House writes it: trimmed, upper case, an all-digit number padded with leading
    /// zeros to eight characters (<c>1234</c> → <c>00001234</c>); SC/NI/OC/RC and other prefixes kept. Null when it cannot be one.
    /// </summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var number = CompanyNumbers.Normalize(raw);
        if (number.Length < 8 && number.All(char.IsAsciiDigit))
        {
            number = number.PadLeft(8, '0');
        }

        return CompanyNumbers.IsValid(number) ? number : null;
    }

    /// <summary>Each (normalized) number's employer id; numbers no employer (or several) names are left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> MatchAsync(IEnumerable<string> numbers)
    {
        var found = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var wave in numbers.Distinct(StringComparer.Ordinal).Chunk(AtOnce))
        {
            await Task.WhenAll(wave.Select(async n =>
            {
                if ((await CompanyNumbers.FindEmployerAsync(grains, n)).EmployerId is { } id)
                {
                    found[n] = id;
                }
            }));
        }

        return found;
    }
}
