using Csnet.Plugin.Composition;

var (options, error) = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    Console.Error.WriteLine(error);
    return error == CommandLine.Usage ? 0 : 2;
}

Directory.CreateDirectory(options.StateDir);
// Before the socket: a second csnet must not unlink the live socket of the first.
var (stateLock, lockError) = StateLock.Acquire(options.StateDir);
if (stateLock is null)
{
    Console.Error.WriteLine(lockError);
    return 2;
}
using var heldStateLock = stateLock;
UnixSocket.Prepare(options.SocketPath);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(options.SocketPath));
builder.Services.AddCsnet(options);

var app = builder.Build();
app.UseCsnet();
app.Lifetime.ApplicationStarted.Register(() => UnixSocket.Restrict(options.SocketPath));
await app.RunAsync();
return 0;
