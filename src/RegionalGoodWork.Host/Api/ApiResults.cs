using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>Turns grain outcomes into HTTP answers: problems become RFC 9457 problem+json.</summary>
internal static class ApiResults
{
    public static IResult ToProblem(this Problem problem) =>
        problem.Errors is { Count: > 0 } errors
            ? Results.ValidationProblem(errors, problem.Detail, title: problem.Title, statusCode: (int)problem.Kind,
                type: TypeFor(problem.Kind))
            : Results.Problem(problem.Detail, title: problem.Title, statusCode: (int)problem.Kind, type: TypeFor(problem.Kind));

    public static IResult ToResult<T>(this Outcome<T> outcome, Func<T, IResult>? onOk = null) =>
        outcome.Problem is { } p ? p.ToProblem() : onOk is null ? Results.Ok(outcome.Value) : onOk(outcome.Value!);

    public static IResult ToResult(this Outcome outcome, Func<IResult>? onOk = null) =>
        outcome.Problem is { } p ? p.ToProblem() : onOk is null ? Results.NoContent() : onOk();

    public static IResult Invalid(string field, string message) =>
        Problem.Invalid(Single(field, message)).ToProblem();

    public static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    private static string TypeFor(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => "https://regionalgoodwork.example/problems/invalid-input",
        ProblemKind.NotFound => "https://regionalgoodwork.example/problems/not-found",
        ProblemKind.Conflict => "https://regionalgoodwork.example/problems/conflict",
        ProblemKind.Forbidden => "https://regionalgoodwork.example/problems/forbidden",
        ProblemKind.Unauthorized => "https://regionalgoodwork.example/problems/unauthorized",
        _ => "about:blank",
    };
}
