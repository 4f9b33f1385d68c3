using System.Text.Json;
using System.Text.Json.Serialization;
using PhotoGallery.Local.Events;
using PhotoGallery.Local.Users;

namespace PhotoGallery.Local;

/// <summary>What the local host serves under <c>/_local/</c> for the frontend and for people.</summary>
public sealed record LocalInfo(
    string Mode, string UserPoolId, string ClientId, string Issuer, string Outbox, string Jwks, IReadOnlyList<string> PasswordRules);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<OutboxMessage>))]
[JsonSerializable(typeof(LocalInfo))]
[JsonSerializable(typeof(IReadOnlyList<FailedEvent>))]
internal sealed partial class LocalJson : JsonSerializerContext;
