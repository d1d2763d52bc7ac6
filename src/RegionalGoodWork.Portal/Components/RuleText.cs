using System.Globalization;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Portal.Components;

/// <summary>
/// A charter's rules in plain words: each leaf as the taxonomy describes its evidence kind, with the threshold in the
/// kind's unit ("Share of staff on zero-hours contracts: at most 5%"); combinations as "All of these", "Any one of these",
/// "At least 2 of these" (<see cref="RuleView"/> nests them as lists).
/// </summary>
public static class RuleText
{
    /// <summary>What the kind measures, as the taxonomy describes it (its id when the catalogue does not know it).</summary>
    public static string KindName(EvidenceCatalogue catalogue, string? kindId)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return catalogue.FindKind(kindId) is { } kind ? kind.Description.TrimEnd('.') : kindId ?? "";
    }

    /// <summary>The leaf as a sentence: "Sick pay is paid from the first day of absence.", "Minimum advance notice of shifts: at least 14 days."</summary>
    public static string Leaf(EvidenceCatalogue catalogue, Rule leaf)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(leaf);
        var name = KindName(catalogue, leaf.Kind);
        if (leaf.Value is { Type: EvidenceType.Bool, Bool: { } b } && leaf.Op is RuleOp.Eq or RuleOp.Ne)
        {
            return b == (leaf.Op == RuleOp.Eq) ? name + "." : $"Not the case: {name}.";
        }

        return $"{name}: {Threshold(catalogue, leaf)}.";
    }

    /// <summary>What a leaf accepts, without the kind: "at least 100%", "yes", "one of plan, milestones or all", "reported (any value)".</summary>
    public static string Threshold(EvidenceCatalogue catalogue, Rule leaf)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(leaf);
        var kind = catalogue.FindKind(leaf.Kind);
        if (leaf.Op == RuleOp.Present)
        {
            return "reported (any value)";
        }

        if (leaf.Op == RuleOp.In)
        {
            var values = (leaf.Values ?? []).Select(v => Value(v, kind)).ToList();
            return values.Count switch
            {
                0 => "none accepted",
                1 => values[0],
                _ => "one of " + string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1],
            };
        }

        if (leaf.Rate is { } scheme)
        {
            var rate = scheme switch
            {
                WageRateSchemes.RealLivingWage => "the real Living Wage",
                WageRateSchemes.NationalLivingWage => "the National Living Wage",
                _ => scheme,
            };
            var comparison = leaf.Op switch
            {
                RuleOp.Gt => "more than", RuleOp.Gte => "at least", RuleOp.Lt => "less than", RuleOp.Lte => "at most", _ => leaf.Op.ToWire(),
            };
            return $"{comparison} {rate} in force where the staff work";
        }

        if (leaf.Value is not { } value)
        {
            return leaf.Op.ToWire();
        }

        var text = Value(value, kind);
        if (value.Type == EvidenceType.Bool)
        {
            return leaf.Op == RuleOp.Eq ? text : $"not {text}";
        }

        var date = value.Type == EvidenceType.Date;
        return leaf.Op switch
        {
            RuleOp.Eq => value.Type.IsNumeric() ? $"exactly {text}" : text,
            RuleOp.Ne => $"anything but {text}",
            RuleOp.Gt => date ? $"after {text}" : $"more than {text}",
            RuleOp.Gte => date ? $"on or after {text}" : $"at least {text}",
            RuleOp.Lt => date ? $"before {text}" : $"less than {text}",
            RuleOp.Lte => date ? $"on or before {text}" : $"at most {text}",
            _ => $"{leaf.Op.ToWire()} {text}",
        };
    }

    /// <summary>How a combination reads before its list: "All of these:", "Any one of these:", "At least 2 of these:".</summary>
    public static string Combination(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Op switch
        {
            RuleOp.AllOf => "All of these:",
            RuleOp.AnyOf => "Any one of these:",
            RuleOp.AtLeast => $"At least {rule.AtLeast} of these:",
            _ => rule.Op.ToWire() + ":",
        };
    }

    /// <summary>A value in its kind's unit: "yes", "100%", "£12.60 per hour", "12 weeks", "all", "1 May 2026".</summary>
    public static string Value(EvidenceValue value, EvidenceKind? kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var unit = kind?.Unit;
        switch (value.Type)
        {
            case EvidenceType.Bool:
                return value.Bool == true ? "yes" : "no";
            case EvidenceType.Percent:
                return Number(value.Number) + "%";
            case EvidenceType.Money:
                var money = "£" + (value.Number ?? 0m).ToString("#,##0.00", CultureInfo.InvariantCulture);
                return unit is not null && unit.StartsWith("GBP ", StringComparison.Ordinal) ? money + unit[3..] : money;
            case EvidenceType.Count or EvidenceType.Days:
                var number = Number(value.Number);
                return string.IsNullOrEmpty(unit) ? number : $"{number} {unit}";
            case EvidenceType.Date:
                return value.AsDate is { } d ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : value.Text ?? "";
            default:
                return value.Text ?? "";
        }
    }

    private static string Number(decimal? n) => (n ?? 0m).ToString("#,##0.##", CultureInfo.InvariantCulture);
}
