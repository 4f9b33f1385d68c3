using System.Security.Cryptography;
using System.Text.Json;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Grader;

// Checks of sign-up, confirmation and login, and the account the photo checks use.
public sealed partial class GradingRun
{
    private sealed record Account(string Username, string Password);

    private Account? _newAccount;
    private Account? _loginAccount;
    private string? _token;

    private static string NewPassword() => "Gr4der!" + RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789", 12);

    private static string SignUpJson(string username, string password) => JsonSerializer.Serialize(
        new Dictionary<string, string>
        {
            [SignUpRequest.UsernameField.Name] = username, [SignUpRequest.PasswordField.Name] = password,
            [SignUpRequest.NameField.Name] = "PhotoGallery Grader", [SignUpRequest.EmailField.Name] = $"{username}@example.com",
        });

    private async Task<Outcome> SignUpRejectsWeakPasswordAsync(CancellationToken cancellationToken)
    {
        var reply = await _api.SendAsync(HttpMethod.Post, "/signup", SignUpJson(_runId + "-weak", "weak"), cancellationToken: cancellationToken);
        if (reply.Status != 400)
            return Outcome.Fail($"A sign-up with the password \"weak\" should get 400: {reply.Describe()}.");
        if (!reply.IsJson || !reply.Text.Contains("password", StringComparison.OrdinalIgnoreCase))
            return Outcome.Fail($"The 400 should be JSON that says what is wrong with the password: {reply.Describe()}.");
        return Outcome.Pass("A weak password got 400 with a reason.");
    }

    private async Task<Outcome> SignUpAcceptsNewUserAsync(CancellationToken cancellationToken)
    {
        var account = new Account(_runId, NewPassword());
        var reply = await _api.SendAsync(HttpMethod.Post, "/signup", SignUpJson(account.Username, account.Password), cancellationToken: cancellationToken);
        if (reply.Status is not (200 or 201))
            return Outcome.Fail($"A valid sign-up should get 201: {reply.Describe()}.");
        _newAccount = account;
        _created.Add($"user {account.Username} (email {account.Username}@example.com)");
        return Outcome.Pass($"Signed up {account.Username}.");
    }

    private async Task<Outcome> ConfirmRejectsWrongCodeAsync(CancellationToken cancellationToken)
    {
        if (_newAccount is null) return Outcome.NotRun("sign-up failed, so there is no user to confirm.");
        var code = await OutboxCodeAsync(_newAccount.Username, cancellationToken);
        var wrong = code == "000000" ? "111111" : "000000";
        var reply = await _api.SendAsync(HttpMethod.Post, "/confirmemail",
            JsonSerializer.Serialize(new Dictionary<string, string> { [ConfirmEmailRequest.UsernameField.Name] = _newAccount.Username, [ConfirmEmailRequest.CodeField.Name] = wrong }),
            cancellationToken: cancellationToken);
        return reply.Status == 400
            ? Outcome.Pass("A wrong code got 400.")
            : Outcome.Fail($"A wrong confirmation code should get 400: {reply.Describe()}.");
    }

    private async Task<Outcome> LogInRejectsWrongPasswordAsync(CancellationToken cancellationToken)
    {
        var account = ProvidedAccount() ?? _newAccount;
        if (account is null) return Outcome.NotRun("there is no account to try (sign-up failed and no --username was given).");
        var reply = await _api.SendAsync(HttpMethod.Post, "/login", LogInJson(account.Username, "Wr0ng-" + NewPassword()), cancellationToken: cancellationToken);
        if (reply.Status != 401) return Outcome.Fail($"A wrong password should get 401: {reply.Describe()}.");
        if (reply.Text.Contains("idToken", StringComparison.Ordinal)) return Outcome.Fail("A wrong password got tokens back.");
        return Outcome.Pass("A wrong password got 401.");
    }

    private async Task<Outcome> LogInReturnsTokensAsync(CancellationToken cancellationToken)
    {
        _loginAccount = ProvidedAccount() ?? await ConfirmNewAccountAsync(cancellationToken);
        if (_loginAccount is null)
            return Outcome.NotRun("no confirmed account to log in with: pass --username and --password (a confirmed user), or --outbox on a local host.");
        var reply = await _api.SendAsync(HttpMethod.Post, "/login", LogInJson(_loginAccount.Username, _loginAccount.Password), cancellationToken: cancellationToken);
        if (reply.Status != 200) return Outcome.Fail($"Logging in as {_loginAccount.Username} should get 200: {reply.Describe()}.");
        var idToken = reply.StringProperty("idToken");
        if (idToken?.Split('.').Length != 3 || reply.StringProperty("accessToken") is null)
            return Outcome.Fail($"The login answer should hold idToken and accessToken (JWTs); it holds: {reply.Describe()}. The original lab threw them away: return them.");
        _token = idToken;
        return Outcome.Pass($"Logged in as {_loginAccount.Username} and got an ID token.");
    }

    private Account? ProvidedAccount() =>
        _options.Username is { } username && _options.Password is { } password ? new Account(username, password) : null;

    /// <summary>Confirms the new account with the real code, when an outbox can tell it.</summary>
    private async Task<Account?> ConfirmNewAccountAsync(CancellationToken cancellationToken)
    {
        if (_newAccount is null || await OutboxCodeAsync(_newAccount.Username, cancellationToken) is not { } code) return null;
        var reply = await _api.SendAsync(HttpMethod.Post, "/confirmemail",
            JsonSerializer.Serialize(new Dictionary<string, string> { [ConfirmEmailRequest.UsernameField.Name] = _newAccount.Username, [ConfirmEmailRequest.CodeField.Name] = code }),
            cancellationToken: cancellationToken);
        return reply.Status == 200 ? _newAccount : null;
    }

    /// <summary>The confirmation code sent to a user, from the outbox (given, or the local host's own), or <c>null</c>.</summary>
    private async Task<string?> OutboxCodeAsync(string username, CancellationToken cancellationToken)
    {
        var outbox = _options.Outbox?.ToString() ?? _options.Api.ToString().TrimEnd('/') + "/_local/outbox";
        var reply = await _api.GetUrlAsync(outbox, cancellationToken);
        if (reply.Status != 200 || reply.Json is not { ValueKind: JsonValueKind.Array } messages) return null;
        return messages.EnumerateArray()
            .Where(m => m.TryGetProperty("username", out var u) && u.GetString() == username)
            .Select(m => m.TryGetProperty("code", out var c) ? c.GetString() : null)
            .FirstOrDefault();
    }

    private static string LogInJson(string username, string password) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { [LogInRequest.UsernameField.Name] = username, [LogInRequest.PasswordField.Name] = password });
}
