using System.Runtime.InteropServices;
using PhotoGallery.Aws;
using PhotoGallery.Emulators;

// lab/emulators/start: the emulators for people. Starts s3rver, dynalite and cognito-local on loopback,
// creates a bucket, a table and a user pool with an app client, prints the environment that points the AWS
// adapters at them, and runs until Ctrl+C. Progress goes to stderr and the export lines to stdout.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var withSecret = args.Contains("--with-client-secret");
await using var emulators = await EmulatorSet.StartAsync(Console.Error.WriteLine, stop.Token);
const string bucket = "photogallery-photos", table = "photogallery";
await emulators.CreateBucketAsync(bucket, stop.Token);
var hasTtl = await emulators.CreateTableAsync(table, stop.Token);
var app = await emulators.CreateUserPoolAsync("photogallery", withSecret, stop.Token);

var exports = new List<(string Name, string Value)>
{
    (AwsSettings.Region, EmulatorSet.Region),
    ("AWS_ACCESS_KEY_ID", EmulatorSet.AccessKey),
    ("AWS_SECRET_ACCESS_KEY", EmulatorSet.SecretKey),
    (AwsSettings.PhotosBucket, bucket),
    (AwsSettings.PhotosTable, table),
    (AwsSettings.UserPoolId, app.UserPoolId),
    (AwsSettings.UserPoolClientId, app.ClientId),
    (AwsSettings.S3EndpointUrl, emulators.S3Url.ToString()),
    (AwsSettings.DynamoDbEndpointUrl, emulators.DynamoDbUrl.ToString()),
    (AwsSettings.CognitoEndpointUrl, emulators.CognitoUrl.ToString()),
};
if (app.ClientSecret is { } secret) exports.Add((AwsSettings.UserPoolClientSecret, secret));
foreach (var (name, value) in exports) Console.WriteLine($"export {name}={value}");
Console.WriteLine($"# Confirmation codes: cognito-local gives every new user the code {EmulatorSet.ConfirmationCode} (nothing is emailed).");
if (!hasTtl) Console.WriteLine("# dynalite has no time-to-live: expired pending photos stay in the table but are never shown.");
Console.WriteLine("# Emulators running; their data goes when they stop. Press Ctrl+C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("[emulators] Stopping.");
}
