using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Users;
using PhotoGallery.Local.Catalog;

namespace PhotoGallery.Local.Users;

public sealed record LocalUser(string Username, string Sub, string Name, string Email);

/// <summary>A confirmation "email": the local pool prints it and keeps it in the outbox.</summary>
public sealed record OutboxMessage(string Username, string Email, string Code, string SentAt);

/// <summary>
/// A real user pool in SQLite: Cognito's default password policy, salted slow password hashes, 6-digit
/// confirmation codes that expire after 24 hours, and Cognito-shaped RS256 tokens. Instead of email,
/// codes go to the console and to an outbox the local host serves at <c>/_local/outbox</c>.
/// </summary>
public sealed class LocalUserPool(SqliteDatabase database, LocalTokenIssuer tokens, TimeProvider clock, TextWriter console)
    : IUserPool
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromHours(24);

    /// <summary>Wrong codes allowed before confirming is paused, as Cognito limits guessing a 6-digit code.</summary>
    public const int MaxCodeFailures = 5;

    public static readonly TimeSpan CodeLockout = TimeSpan.FromMinutes(15);

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            username        TEXT PRIMARY KEY COLLATE NOCASE,
            sub             TEXT NOT NULL UNIQUE,
            name            TEXT NOT NULL,
            email           TEXT NOT NULL,
            password_hash   TEXT NOT NULL,
            confirmed       INTEGER NOT NULL DEFAULT 0,
            code            TEXT,
            code_expires_at TEXT,
            code_failures   INTEGER NOT NULL DEFAULT 0,
            code_locked_until TEXT,
            created_at      TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL,
            email    TEXT NOT NULL,
            code     TEXT NOT NULL,
            sent_at  TEXT NOT NULL
        );
        """;

    public LocalPoolIdentity Pool => tokens.Pool;

    public Task<CodeDelivery> SignUpAsync(NewUser user, CancellationToken cancellationToken)
    {
        PasswordPolicy.Default.Check(user.Password);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        var hash = PasswordHasher.Hash(user.Password);
        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            try
            {
                SqliteDatabase.Execute(connection, """
                    INSERT INTO users (username, sub, name, email, password_hash, code, code_expires_at, created_at)
                    VALUES ($username, $sub, $name, $email, $hash, $code, $expires, $now)
                    """,
                    ("$username", user.Username), ("$sub", Guid.NewGuid().ToString()), ("$name", user.Name),
                    ("$email", user.Email), ("$hash", hash), ("$code", code),
                    ("$expires", Photo.FormatTime(now + CodeLifetime)), ("$now", Photo.FormatTime(now)));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the username is taken
            {
                throw new GalleryException(ErrorCode.UsernameExists, $"The username '{user.Username}' is taken; choose another.");
            }
            SqliteDatabase.Execute(connection, "INSERT INTO outbox (username, email, code, sent_at) VALUES ($username, $email, $code, $now)",
                ("$username", user.Username), ("$email", user.Email), ("$code", code), ("$now", Photo.FormatTime(now)));
            transaction.Commit();
        }
        console.WriteLine($"[local user pool] Confirmation code for {user.Username} <{user.Email}>: {code}  (also at GET /_local/outbox)");
        return Task.FromResult(new CodeDelivery(UserRules.MaskEmail(user.Email), "EMAIL", "email"));
    }

    public Task ConfirmSignUpAsync(string username, string code, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var row = FindUser(connection, username)
            ?? throw new GalleryException(ErrorCode.UserNotFound, $"There is no user '{username}'; sign up first.");
        if (row.Confirmed)
            throw new GalleryException(ErrorCode.AlreadyConfirmed, $"'{username}' is already confirmed; log in.");
        var now = clock.GetUtcNow();
        if (LockedUntil(connection, username) is { } locked && now < locked)
            throw new GalleryException(ErrorCode.TooManyRequests, "Too many wrong codes: wait a few minutes, then try again.");
        if (row.CodeExpiresAt is not { } expires || now > expires)
            throw new GalleryException(ErrorCode.ExpiredCode, "That confirmation code has expired.");
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(row.Code ?? ""), System.Text.Encoding.ASCII.GetBytes(code)))
        {
            RecordFailure(connection, username, now);
            throw new GalleryException(ErrorCode.CodeMismatch, "That confirmation code is not the one we sent; check the email (or the outbox).");
        }
        SqliteDatabase.Execute(connection,
            "UPDATE users SET confirmed = 1, code = NULL, code_expires_at = NULL, code_failures = 0, code_locked_until = NULL WHERE username = $username",
            ("$username", username));
        return Task.CompletedTask;
    }

    /// <summary>Counts a wrong code; the fifth in a row pauses confirmation for <see cref="CodeLockout"/>.</summary>
    private static void RecordFailure(SqliteConnection connection, string username, DateTimeOffset now) =>
        SqliteDatabase.Execute(connection, """
            UPDATE users SET
                code_locked_until = CASE WHEN code_failures + 1 >= $max THEN $until ELSE code_locked_until END,
                code_failures = CASE WHEN code_failures + 1 >= $max THEN 0 ELSE code_failures + 1 END
            WHERE username = $username
            """,
            ("$max", MaxCodeFailures), ("$until", Photo.FormatTime(now + CodeLockout)), ("$username", username));

    private static DateTimeOffset? LockedUntil(SqliteConnection connection, string username)
    {
        using var command = SqliteDatabase.Command(connection, "SELECT code_locked_until FROM users WHERE username = $username", ("$username", username));
        return command.ExecuteScalar() is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
    }

    public Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var row = FindUser(connection, username);
        if (row is null) PasswordHasher.VerifyNothing(password);
        if (row is null || !PasswordHasher.Verify(password, row.PasswordHash))
            throw new GalleryException(ErrorCode.NotAuthorized, "Incorrect username or password.");
        if (!row.Confirmed)
            throw new GalleryException(ErrorCode.UserNotConfirmed, "Confirm your email first: enter the code we sent you.");

        var (idToken, accessToken, refreshToken) = tokens.Issue(row.User);
        var profile = new UserProfile(row.User.Username, row.User.Name, row.User.Email);
        return Task.FromResult(new SignInResult(idToken, accessToken, refreshToken, LocalTokenIssuer.Lifetime, "Bearer", profile));
    }

    /// <summary>Every confirmation message sent, newest first.</summary>
    public IReadOnlyList<OutboxMessage> Outbox()
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT username, email, code, sent_at FROM outbox ORDER BY id DESC");
        using var reader = command.ExecuteReader();
        var messages = new List<OutboxMessage>();
        while (reader.Read())
        {
            messages.Add(new OutboxMessage(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return messages;
    }

    private sealed record UserRow(LocalUser User, string PasswordHash, bool Confirmed, string? Code, DateTimeOffset? CodeExpiresAt);

    private static UserRow? FindUser(SqliteConnection connection, string username)
    {
        using var command = SqliteDatabase.Command(connection,
            "SELECT username, sub, name, email, password_hash, confirmed, code, code_expires_at FROM users WHERE username = $username",
            ("$username", username));
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new UserRow(
            new LocalUser(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
            reader.GetString(4), reader.GetInt32(5) == 1, reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

}
