using System.Text;
using System.Text.Json;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// The one way the API reads a request body; every route takes one of two shapes.
/// <list type="bullet">
/// <item>A <b>document</b> a module reads and checks as a whole — a charter definition, an evidence kind definition, a
/// what-if assessment, an official-data CSV file — is read as text (<see cref="TextAsync"/>) and handed to the module's
/// grain, which reports every problem at once. The host never parses it.</item>
/// <item>A <b>command</b> — an employer profile, an evidence batch, a membership, a region or council — is bound as a
/// <see cref="JsonElement"/> and read with the field readers below into the module's command record, which the grain
/// validates. Fields are read leniently: a field of the wrong JSON type is passed on as its JSON text, so the grain
/// names it among every other problem of the request, instead of the binder refusing the first one alone.</item>
/// </list>
/// <see cref="ApiRequestGate"/> has already checked that a JSON route was sent a JSON body.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body as text (a byte order mark is honoured), or null when longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> TextAsync(HttpRequest request, int? maxBytes = null)
    {
        if (maxBytes is { } max && request.ContentLength > max)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        if (maxBytes is not { } limit)
        {
            return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }

        // UTF-8 never takes fewer bytes than chars, so a text of more than `limit` chars is over the limit.
        var buffer = new char[limit + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
        }

        return total > limit || Encoding.UTF8.GetByteCount(buffer, 0, total) > limit ? null : new string(buffer, 0, total);
    }

    /// <summary>A problem naming the shape expected when the body is not a JSON object, otherwise null.</summary>
    public static IResult? NotAnObject(JsonElement body, string shape) =>
        body.ValueKind == JsonValueKind.Object ? null : ApiResults.Invalid("$", $"The body must be a JSON object {shape}.");

    /// <summary>A string field's text; a field of another JSON type as its JSON text; null when absent or null.</summary>
    public static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p) ? Text(p) : null;

    /// <summary>A list field: each element's text (as <see cref="Text(JsonElement, string)"/>); a single value as a list of one; null when absent or null.</summary>
    public static List<string>? TextList(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.Array => p.EnumerateArray().Select(e => Text(e) ?? "null").ToList(),
                JsonValueKind.Null => null,
                _ => [p.GetRawText()],
            }
            : null;

    /// <summary>A list field's elements, or null when it is absent or not a list.</summary>
    public static List<JsonElement>? List(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().ToList()
            : null;

    /// <summary>A number field, or null when absent, not a number or beyond <see cref="decimal"/>.</summary>
    public static decimal? Number(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDecimal(out var n)
            ? n
            : null;

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
