using PhotoGallery.Core.Http;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Core.Requests;

/// <summary>POST /signup: who signs up, checked by the user rules and the password policy.</summary>
public sealed record SignUpRequest(string Username, string Password, string Name, string Email)
{
    public static readonly Field UsernameField = Field.Body("username", FieldType.Text, true,
        $"Letters, digits and . _ - + @; at most {UserRules.MaxUsernameLength} characters.") with { MaxLength = UserRules.MaxUsernameLength, Example = "alice" };

    public static readonly Field PasswordField = Field.Body("password", FieldType.Text, true,
        $"{string.Join(", ", PasswordPolicy.Default.Describe())}.") with { Example = "Corr3ct-Horse!" };

    public static readonly Field NameField = Field.Body("name", FieldType.Text, true,
        $"At most {UserRules.MaxNameLength} characters.") with { MaxLength = UserRules.MaxNameLength, Example = "Alice" };

    public static readonly Field EmailField = Field.Body("email", FieldType.Text, true, "Where the confirmation code goes.")
        with { MaxLength = UserRules.MaxEmailLength, Example = "alice@example.com" };

    public static RequestSchema Schema { get; } = new(nameof(SignUpRequest), [UsernameField, PasswordField, NameField, EmailField]);

    public static SignUpRequest From(ApiRequest request)
    {
        var body = JsonBody.Parse(request);
        var user = new SignUpRequest(
            body.RequiredString(UsernameField).Trim(), body.RequiredString(PasswordField),
            body.RequiredString(NameField).Trim(), body.RequiredString(EmailField).Trim());
        UserRules.CheckUsername(user.Username);
        UserRules.CheckName(user.Name);
        UserRules.CheckEmail(user.Email);
        PasswordPolicy.Default.Check(user.Password);
        return user;
    }
}

/// <summary>
/// POST /confirmemail: a username and the 6-digit code sent to it, and where the attempt comes from (API
/// Gateway's <c>sourceIp</c>, which a client cannot forge as it can an X-Forwarded-For header).
/// </summary>
public sealed record ConfirmEmailRequest(string Username, string Code, string Source)
{
    public static readonly Field UsernameField = Field.Body("username", FieldType.Text, true, "The username given at sign-up.")
        with { MaxLength = UserRules.MaxUsernameLength, Example = "alice" };

    public static readonly Field CodeField = Field.Body("code", FieldType.Text, true, "The 6 digits from the email.")
        with { Pattern = UserRules.CodePatternText, Example = "123456" };

    public static RequestSchema Schema { get; } = new(nameof(ConfirmEmailRequest), [UsernameField, CodeField]);

    public static ConfirmEmailRequest From(ApiRequest request)
    {
        var body = JsonBody.Parse(request);
        var confirmation = new ConfirmEmailRequest(
            body.RequiredString(UsernameField).Trim(), body.RequiredString(CodeField).Trim(),
            request.RequestContext?.Identity?.SourceIp ?? "unknown");
        UserRules.CheckUsername(confirmation.Username);
        UserRules.CheckCode(confirmation.Code);
        return confirmation;
    }
}

/// <summary>POST /login: a username and its password (checked by the user pool, not here).</summary>
public sealed record LogInRequest(string Username, string Password)
{
    public static readonly Field UsernameField = Field.Body("username", FieldType.Text, true) with { Example = "alice" };

    public static readonly Field PasswordField = Field.Body("password", FieldType.Text, true) with { Example = "Corr3ct-Horse!" };

    public static RequestSchema Schema { get; } = new(nameof(LogInRequest), [UsernameField, PasswordField]);

    public static LogInRequest From(ApiRequest request)
    {
        var body = JsonBody.Parse(request);
        return new LogInRequest(body.RequiredString(UsernameField).Trim(), body.RequiredString(PasswordField));
    }
}
