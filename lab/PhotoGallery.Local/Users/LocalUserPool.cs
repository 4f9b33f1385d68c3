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
/// confirmation codes that expire after 24 hours (with wrong codes limited per source and per code),
/// Cognito's lockout after wrong passwords (<see cref="SignInLockout"/>), and Cognito-shaped RS256 tokens. Instead of email,
/// codes go to the console and to an outbox the local host serves at <c>/_local/outbox</c>.
/// </summary>
public sealed class LocalUserPool(SqliteDatabase database, LocalTokenIssuer tokens, TimeProvider clock, TextWriter console)
    : IUserPool
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromHours(24);

    /// <summary>Wrong codes in a row from one source before that source must wait <see cref="CodeLockout"/>.</summary>
    public const int MaxCodeFailures = 5;

    public static readonly TimeSpan CodeLockout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Wrong codes from all sources together after which a code is retired and a new one sent to the owner:
    /// the guesses one code can take stay few (20 in a million) however many addresses guess, and the owner,
    /// who reads the email, always has a code that works.
    /// </summary>
    public const int MaxCodeFailuresPerCode = 20;

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
            created_at      TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS code_attempts (
            username     TEXT NOT NULL COLLATE NOCASE,
            source       TEXT NOT NULL,
            failures     INTEGER NOT NULL,
            locked_until TEXT,
            PRIMARY KEY (username, source)
        );
        CREATE TABLE IF NOT EXISTS sign_in_failures (
            username     TEXT PRIMARY KEY COLLATE NOCASE,
            failures     INTEGER NOT NULL,
            locked_until TEXT,
            last_failure TEXT NOT NULL
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
        var code = NewCode();
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
        Announce(user.Username, user.Email, code);
        return Task.FromResult(new CodeDelivery(UserRules.MaskEmail(user.Email), "EMAIL", "email"));
    }

    public Task ConfirmSignUpAsync(string username, string code, string source, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        // One writer at a time (BEGIN IMMEDIATE): reading the counts, comparing the code and counting the
        // failure are one step, so concurrent guesses are counted one by one and none slips past the limit.
        using var transaction = connection.BeginTransaction(deferred: false);
        var row = FindUser(connection, username)
            ?? throw new GalleryException(ErrorCode.UserNotFound, $"There is no user '{username}'; sign up first.");
        if (row.Confirmed)
            throw new GalleryException(ErrorCode.AlreadyConfirmed, $"'{username}' is already confirmed; log in.");
        var now = clock.GetUtcNow();
        if (CodeLockedUntil(connection, row.User.Username, source) is { } locked && now < locked)
            throw new GalleryException(ErrorCode.TooManyRequests, "Too many wrong codes from here: wait a few minutes, then try again.");
        if (row.CodeExpiresAt is not { } expires || now > expires)
            throw new GalleryException(ErrorCode.ExpiredCode, "That confirmation code has expired.");
        if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(row.Code ?? ""), System.Text.Encoding.ASCII.GetBytes(code)))
        {
            SqliteDatabase.Execute(connection,
                "UPDATE users SET confirmed = 1, code = NULL, code_expires_at = NULL, code_failures = 0 WHERE username = $username",
                ("$username", row.User.Username));
            SqliteDatabase.Execute(connection, "DELETE FROM code_attempts WHERE username = $username", ("$username", row.User.Username));
            transaction.Commit();
            return Task.CompletedTask;
        }

        var replaced = RecordWrongCode(connection, row.User, source, now);
        transaction.Commit();
        if (replaced is not null) Announce(row.User.Username, row.User.Email, replaced);
        throw new GalleryException(ErrorCode.CodeMismatch, replaced is null
            ? "That confirmation code is not the one we sent; check the email (or the outbox)."
            : "That confirmation code is not the one we sent, and it has now been guessed at too often: a new code is on its way to the email address.");
    }

    /// <summary>
    /// Counts a wrong code twice: for this source (the fifth in a row locks this source out for
    /// <see cref="CodeLockout"/>), and for the code (the <see cref="MaxCodeFailuresPerCode"/>-th from all
    /// sources together retires it and sends the owner a new one). Returns the new code when it sent one.
    /// </summary>
    private static string? RecordWrongCode(SqliteConnection connection, LocalUser user, string source, DateTimeOffset now)
    {
        SqliteDatabase.Execute(connection, """
            INSERT INTO code_attempts (username, source, failures, locked_until) VALUES ($username, $source, 1, NULL)
            ON CONFLICT (username, source) DO UPDATE SET
                locked_until = CASE WHEN failures + 1 >= $max THEN $until ELSE NULL END,
                failures = CASE WHEN failures + 1 >= $max THEN 0 ELSE failures + 1 END
            """,
            ("$username", user.Username), ("$source", source), ("$max", MaxCodeFailures), ("$until", Photo.FormatTime(now + CodeLockout)));
        using var count = SqliteDatabase.Command(connection,
            "UPDATE users SET code_failures = code_failures + 1 WHERE username = $username RETURNING code_failures", ("$username", user.Username));
        if (Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture) < MaxCodeFailuresPerCode) return null;

        var code = NewCode();
        SqliteDatabase.Execute(connection,
            "UPDATE users SET code = $code, code_expires_at = $expires, code_failures = 0 WHERE username = $username",
            ("$code", code), ("$expires", Photo.FormatTime(now + CodeLifetime)), ("$username", user.Username));
        SqliteDatabase.Execute(connection, "DELETE FROM code_attempts WHERE username = $username", ("$username", user.Username));
        SqliteDatabase.Execute(connection, "INSERT INTO outbox (username, email, code, sent_at) VALUES ($username, $email, $code, $now)",
            ("$username", user.Username), ("$email", user.Email), ("$code", code), ("$now", Photo.FormatTime(now)));
        return code;
    }

    private static DateTimeOffset? CodeLockedUntil(SqliteConnection connection, string username, string source)
    {
        using var command = SqliteDatabase.Command(connection,
            "SELECT locked_until FROM code_attempts WHERE username = $username AND source = $source", ("$username", username), ("$source", source));
        return command.ExecuteScalar() is string text ? ParseTime(text) : null;
    }

    public Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        // The attempt is counted as a failure before the (slow) password check and forgiven if it succeeds:
        // concurrent guesses each use up one attempt, and none is checked while the username is locked.
        if (!TryBeginSignIn(username)) throw SignInLockout.Exceeded();

        using var connection = database.Open();
        var row = FindUser(connection, username);
        if (row is null) PasswordHasher.VerifyNothing(password);
        if (row is null || !PasswordHasher.Verify(password, row.PasswordHash))
            throw new GalleryException(ErrorCode.NotAuthorized, "Incorrect username or password.");
        SqliteDatabase.Execute(connection, "DELETE FROM sign_in_failures WHERE username = $username", ("$username", username));
        if (!row.Confirmed)
            throw new GalleryException(ErrorCode.UserNotConfirmed, "Confirm your email first: enter the code we sent you.");

        var (idToken, accessToken, refreshToken) = tokens.Issue(row.User);
        var profile = new UserProfile(row.User.Username, row.User.Name, row.User.Email);
        return Task.FromResult(new SignInResult(idToken, accessToken, refreshToken, LocalTokenIssuer.Lifetime, "Bearer", profile));
    }

    /// <summary>
    /// False while <paramref name="username"/> is locked (<see cref="SignInLockout"/>); otherwise counts this
    /// attempt as a failure and locks the username for as long as the count says. Kept for every username
    /// asked about, existing or not, so the lockout tells no one which usernames exist.
    /// </summary>
    private bool TryBeginSignIn(string username)
    {
        var now = clock.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var failures = 0;
        using (var command = SqliteDatabase.Command(connection,
            "SELECT failures, locked_until, last_failure FROM sign_in_failures WHERE username = $username", ("$username", username)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                if (!reader.IsDBNull(1) && now < ParseTime(reader.GetString(1))) return false;
                if (now - ParseTime(reader.GetString(2)) < SignInLockout.Forgiveness) failures = reader.GetInt32(0);
            }
        }
        failures++;
        var lockout = SignInLockout.LockoutAfter(failures);
        SqliteDatabase.Execute(connection, """
            INSERT INTO sign_in_failures (username, failures, locked_until, last_failure) VALUES ($username, $failures, $until, $now)
            ON CONFLICT (username) DO UPDATE SET failures = $failures, locked_until = $until, last_failure = $now
            """,
            ("$username", username), ("$failures", failures),
            ("$until", lockout > TimeSpan.Zero ? Photo.FormatTime(now + lockout) : null), ("$now", Photo.FormatTime(now)));
        transaction.Commit();
        return true;
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private void Announce(string username, string email, string code) =>
        console.WriteLine($"[local user pool] Confirmation code for {username} <{email}>: {code}  (also at GET /_local/outbox)");

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
