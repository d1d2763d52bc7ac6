namespace RegionalGoodWork.SharedKernel;

/// <summary>What kind of expected failure a <see cref="Problem"/> is; maps onto HTTP statuses at the edge.</summary>
public enum ProblemKind
{
    Invalid = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
}

/// <summary>
/// An expected failure crossing a grain boundary as a value (never as an exception).
/// <see cref="Errors"/> maps a field path to every message about it, so a whole definition can be
/// rejected with all of its problems at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.problem")]
public sealed record Problem(
    [property: Id(0)] ProblemKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Detail = null,
    [property: Id(3)] Dictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what, string id) => new(ProblemKind.NotFound, $"Unknown {what}", $"No {what} '{id}' exists.");

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, "Conflict", detail);

    public static Problem Invalid(string detail) => new(ProblemKind.Invalid, "Invalid input", detail);

    public static Problem Invalid(ValidationErrors errors) =>
        new(ProblemKind.Invalid, "Invalid input", $"{errors.Count} problem(s) found.", errors.ToDictionary());
}

/// <summary>A result that is either a value or a <see cref="Problem"/>.</summary>
[GenerateSerializer, Immutable, Alias("rgw.outcome`1")]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] Problem? Problem)
{
    public bool IsOk => Problem is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(Problem problem) => new(default, problem);

    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
}

/// <summary>A result with no value.</summary>
[GenerateSerializer, Immutable, Alias("rgw.outcome")]
public sealed record Outcome([property: Id(0)] Problem? Problem)
{
    public static readonly Outcome Success = new((Problem?)null);

    public bool IsOk => Problem is null;

    public static implicit operator Outcome(Problem problem) => new(problem);
}
