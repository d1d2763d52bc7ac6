using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Access;

/// <summary>The Access module's log lines (event ids 6000–6999). A key is named by its id, never by its secret.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "API key {KeyId} issued: role {Role}, by {IssuedBy}")]
    public static partial void KeyIssued(this ILogger logger, string keyId, string role, string issuedBy);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "API key {KeyId} revoked by {RevokedBy}")]
    public static partial void KeyRevoked(this ILogger logger, string keyId, string revokedBy);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "API key {KeyId}: its last use could not be stored; it is kept in memory and stored with the next")]
    public static partial void LastUseNotStored(this ILogger logger, Exception exception, string keyId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Sign-in link {LinkId} issued: role {Role}, by {IssuedBy}")]
    public static partial void SignInLinkIssued(this ILogger logger, string linkId, string role, string issuedBy);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Sign-in link {LinkId} used: a session started for role {Role}")]
    public static partial void SignInLinkRedeemed(this ILogger logger, string linkId, string role);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Invitation {LinkId} accepted through OpenID Connect sign-in: role {Role}")]
    public static partial void InvitationAcceptedByEmail(this ILogger logger, string linkId, string role);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Invitation {LinkId} revoked by {RevokedBy}; its {Sessions} session(s) end")]
    public static partial void InvitationRevoked(this ILogger logger, string linkId, string revokedBy, int sessions);
}
