using System.Globalization;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Evidence;

/// <summary>An item that passed validation, with its defaults applied.</summary>
internal sealed record ValidEvidence(
    EvidenceKind Kind,
    EvidenceValue Value,
    DateOnly EffectiveFrom,
    DateOnly ValidUntil,
    EvidenceSource Source,
    string? Note);

/// <summary>
/// Validates a batch of submitted items against the evidence catalogue. Pure. All or nothing: any problem rejects
/// the batch, and every problem is reported, keyed by field (<c>items[2].value</c>). Defaults: effectiveFrom = today,
/// validUntil = effectiveFrom + the kind's validity in months, source = the submission's default.
/// </summary>
internal static class EvidenceBatch
{
    public const int MaxItems = 500;
    public const int MaxNoteLength = 2000;

    /// <summary>Dates further than this from today are taken for typing errors.</summary>
    public const int MaxYearsFromToday = 100;

    public static Outcome<IReadOnlyList<ValidEvidence>> Validate(SubmitEvidence command, EvidenceCatalogue catalogue, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(catalogue);
        var errors = new ValidationErrors();
        if (command.Items is not { Count: > 0 } items)
        {
            errors.Add("items", "Required: a non-empty list of evidence items.");
            return Problem.Invalid(errors);
        }

        if (items.Count > MaxItems)
        {
            errors.Add("items", $"At most {MaxItems} items per batch (got {items.Count}).");
            return Problem.Invalid(errors);
        }

        var valid = new List<ValidEvidence>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Validate(items[i], $"items[{i}]", command, catalogue, today, errors) is { } item)
            {
                valid.Add(item);
            }
        }

        return errors.Any ? Problem.Invalid(errors) : Outcome<IReadOnlyList<ValidEvidence>>.Ok(valid);
    }

    private static ValidEvidence? Validate(EvidenceItemInput? input, string at, SubmitEvidence command, EvidenceCatalogue catalogue,
        DateOnly today, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(at, "Must be an object {kind, value, effectiveFrom?, validUntil?, note?}.");
            return null;
        }

        var before = errors.Count;
        EvidenceKind? kind = null;
        if (string.IsNullOrWhiteSpace(input.Kind))
        {
            errors.Add($"{at}.kind", "Required: an evidence kind id such as pay.rlw-accredited.");
        }
        else if ((kind = catalogue.FindKind(input.Kind)) is null)
        {
            errors.Add($"{at}.kind", $"Unknown evidence kind '{input.Kind}' (see GET /api/v1/evidence-kinds).");
        }
        else if (command.Verifier is { } verifier && !kind.Verifiers.Contains(verifier, StringComparer.Ordinal))
        {
            errors.Add($"{at}.kind", kind.Verifiers.Count == 0
                ? $"'{kind.Id}' is verified by no partner; {verifier} may not submit it."
                : $"'{kind.Id}' is verified by {string.Join(", ", kind.Verifiers)}, not {verifier}.");
        }

        EvidenceValue? value = null;
        if (input.Value is null)
        {
            errors.Add($"{at}.value", "Required.");
        }
        else if (kind is not null)
        {
            var (read, error) = kind.Validate(input.Value);
            if (error is not null)
            {
                errors.Add($"{at}.value", char.ToUpperInvariant(error[0]) + error[1..]);
            }

            value = read;
        }

        var effectiveFrom = ReadDate(input.EffectiveFrom, $"{at}.effectiveFrom", today, errors);
        var validUntil = ReadDate(input.ValidUntil, $"{at}.validUntil", today, errors);
        var from = effectiveFrom ?? today;
        var fromKnown = input.EffectiveFrom is null || effectiveFrom is not null;
        if (validUntil is { } until && fromKnown && until <= from)
        {
            errors.Add($"{at}.validUntil",
                $"Must be after effectiveFrom ({Iso(from)}): an item is in force from effectiveFrom up to, not including, validUntil.");
        }

        if (input.Note is { Length: > MaxNoteLength })
        {
            errors.Add($"{at}.note", $"At most {MaxNoteLength} characters.");
        }

        var source = command.DefaultSource;
        if (input.Source is not null)
        {
            if (!command.MayChooseSource)
            {
                errors.Add($"{at}.source", $"This submitter cannot choose the source; items are recorded as {command.DefaultSource.ToWire()}.");
            }
            else if (!EvidenceSources.TryParse(input.Source, out source))
            {
                errors.Add($"{at}.source", $"Unknown source '{input.Source}'; use one of {string.Join(", ", EvidenceSources.Names)}.");
            }
        }

        if (errors.Count > before || kind is null || value is null)
        {
            return null;
        }

        return new ValidEvidence(kind, value, from, validUntil ?? from.AddMonths(kind.ValidityMonths), source, input.Note);
    }

    private static DateOnly? ReadDate(string? text, string field, DateOnly today, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, $"'{text}' is not an ISO date such as {Iso(today)}.");
            return null;
        }

        if (Math.Abs(date.Year - today.Year) > MaxYearsFromToday)
        {
            errors.Add(field, $"{text} is more than {MaxYearsFromToday} years from today.");
            return null;
        }

        return date;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
