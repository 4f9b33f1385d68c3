using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Users;

/// <summary>
/// Cognito's lockout after wrong passwords, as its developer guide describes it: five failures are free;
/// the n-th failure after that locks the username for 2^(n-5) seconds, up to about 15 minutes; attempts
/// while locked are refused ("Password attempts exceeded"), are not checked and do not count; a success, or
/// 15 minutes without a failure, starts the count again. The local pool applies it; on AWS Cognito does, and
/// both answer with <see cref="Exceeded"/>.
/// </summary>
public static class SignInLockout
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>After this long without a failure the count starts again.</summary>
    public static readonly TimeSpan Forgiveness = TimeSpan.FromMinutes(15);

    /// <summary>Cognito's words, kept at the head of the detail so either backend reads the same.</summary>
    public const string ExceededText = "Password attempts exceeded";

    /// <summary>How long the username is locked after its <paramref name="failures"/>-th failure in a row.</summary>
    public static TimeSpan LockoutAfter(int failures) => failures < FreeFailures
        ? TimeSpan.Zero
        : failures - FreeFailures >= 10 ? MaxLockout : TimeSpan.FromSeconds(Math.Min(1 << (failures - FreeFailures), MaxLockout.TotalSeconds));

    public static GalleryException Exceeded() => new(ErrorCode.NotAuthorized,
        $"{ExceededText}: too many wrong passwords for this username; wait a few minutes, then try again.");
}
