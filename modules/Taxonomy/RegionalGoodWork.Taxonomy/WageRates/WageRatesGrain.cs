using System.Globalization;
using System.Text.Json;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy.WageRates;

[GenerateSerializer]
internal sealed class WageRatesState
{
    /// <summary>Grows with every stored announcement.</summary>
    [Id(0)] public int Revision { get; set; }

    /// <summary>Announcements added at run time, beside the shipped ones.</summary>
    [Id(1)] public List<WageRate> Announced { get; set; } = [];
}

/// <summary>The single wage-rates grain (<see cref="TaxonomyGrainKeys.WageRates"/>): shipped rates plus announcements, which persist.</summary>
[GrainType("wage-rates")]
internal sealed class WageRatesGrain([PersistentState("wage-rates")] IPersistentState<WageRatesState> state) : Grain, IWageRatesGrain
{
    private const decimal MaxRate = 1000m;
    private WageRateTable? table;

    public Task<WageRateTable> GetTableAsync() => Task.FromResult(Table);

    public async Task<Outcome<WageRateAnnounced>> AnnounceAsync(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var read = Read(json);
        if (read.Problem is { } invalid)
        {
            return invalid;
        }

        var rate = read.Value!;
        if (Table.Rates.FirstOrDefault(r => r.Scheme == rate.Scheme && r.AnnouncedOn == rate.AnnouncedOn) is { } existing)
        {
            return existing.SameRateAs(rate)
                ? Outcome<WageRateAnnounced>.Ok(new WageRateAnnounced(existing, false))
                : Problem.Conflict(
                    $"{rate.Scheme} announced on {rate.AnnouncedOn:yyyy-MM-dd} is already known with other figures (pay by {existing.PayBy:yyyy-MM-dd}, UK {existing.Rates.Uk}, London {existing.Rates.London?.ToString(CultureInfo.InvariantCulture) ?? "none"}); an announcement is never changed.");
        }

        state.State.Announced.Add(rate);
        state.State.Revision++;
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        table = null;
        return Outcome<WageRateAnnounced>.Ok(new WageRateAnnounced(rate, true));
    }

    private WageRateTable Table => table ??= new WageRateTable(WageRateTable.Order(ShippedWageRates.Value.Concat(state.State.Announced)), state.State.Revision);

    internal static Outcome<WageRate> Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return Problem.Invalid($"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var body = document.RootElement;
            var errors = new ValidationErrors();
            if (body.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "An object {scheme, announcedOn, payBy?, rates: {uk, london?}, source?: {url?, note?}}.");
                return Problem.Invalid(errors);
            }

            foreach (var field in body.EnumerateObject().Where(f => f.Name is not ("scheme" or "announcedOn" or "payBy" or "rates" or "source")))
            {
                errors.Add(field.Name, "Unknown field.");
            }

            var scheme = Text(body, "scheme");
            if (scheme is null)
            {
                errors.Add("scheme", $"Required: one of {string.Join(", ", WageRateSchemes.All)}.");
            }
            else if (!WageRateSchemes.IsKnown(scheme))
            {
                errors.Add("scheme", $"Unknown scheme '{scheme}'; use one of {string.Join(", ", WageRateSchemes.All)}.");
            }

            var announced = Date(body, "announcedOn", errors, required: true);
            var payBy = Date(body, "payBy", errors, required: false);
            if (announced is { } a && payBy is { } p && p < a)
            {
                errors.Add("payBy", "Must not be before announcedOn.");
            }

            decimal? uk = null, london = null;
            if (!body.TryGetProperty("rates", out var rates) || rates.ValueKind != JsonValueKind.Object)
            {
                errors.Add("rates", "Required: {uk, london?}, hourly rates in pounds.");
            }
            else
            {
                foreach (var field in rates.EnumerateObject().Where(f => f.Name is not ("uk" or "london")))
                {
                    errors.Add("rates." + field.Name, "Unknown field.");
                }

                uk = Money(rates, "uk", errors, required: true);
                london = Money(rates, "london", errors, required: scheme == WageRateSchemes.RealLivingWage);
                if (scheme == WageRateSchemes.NationalLivingWage && london is not null)
                {
                    errors.Add("rates.london", "The National Living Wage has one rate for the whole UK: leave london out.");
                }
            }

            WageRateSource? source = null;
            if (body.TryGetProperty("source", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("source", "An object {url?, note?}.");
                }
                else
                {
                    var url = Text(s, "url");
                    if (url is not null && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
                    {
                        errors.Add("source.url", "An absolute http(s) address of at most 2000 characters.");
                    }

                    var note = Text(s, "note");
                    if (note is { Length: > 2000 })
                    {
                        errors.Add("source.note", "At most 2000 characters.");
                    }

                    source = new WageRateSource(url, note);
                }
            }

            if (errors.Any)
            {
                return Problem.Invalid(errors);
            }

            return Outcome<WageRate>.Ok(new WageRate(scheme!, announced!.Value, payBy ?? ShippedWageRates.DefaultPayBy(scheme!, announced.Value),
                new WageRateAmounts(uk!.Value, london), source, Shipped: false));
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateOnly? Date(JsonElement obj, string name, ValidationErrors errors, bool required)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(name, "Required: a date, yyyy-MM-dd.");
            }

            return null;
        }

        if (v.ValueKind == JsonValueKind.String &&
            DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) &&
            d.Year is >= 2000 and <= 2100)
        {
            return d;
        }

        errors.Add(name, "A date, yyyy-MM-dd (2000–2100).");
        return null;
    }

    private static decimal? Money(JsonElement obj, string name, ValidationErrors errors, bool required)
    {
        var path = "rates." + name;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(path, "Required: an hourly rate in pounds, e.g. 12.60.");
            }

            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var m) || m <= 0 || m >= MaxRate || decimal.Round(m, 2) != m)
        {
            errors.Add(path, $"An hourly rate in pounds above 0 and below {MaxRate}, at most two decimals.");
            return null;
        }

        return m;
    }
}
