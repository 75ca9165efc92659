using Csnet.Plugin.Composition;
using Microsoft.Extensions.Options;

// Every problem with the settings is printed before anything is created, one line each, naming
// the setting. In the managed plugin these lines land in the dockerd log (plugin=<id>), and the
// plugin never opens its socket, so `docker plugin enable` fails.
if (Csnet.Plugin.Ctl.CtlProgram.Applies(Environment.ProcessPath, args))
{
    return await Csnet.Plugin.Ctl.CtlProgram.RunAsync(Environment.ProcessPath, args, Console.Out, Console.Error);
}

var command = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
if (command.Usage)
{
    Console.Error.WriteLine(CommandLine.Usage);
    return 0;
}
var options = command.Options;
var problems = options is null
    ? command.Problems
    : new CsnetOptionsValidator().Validate(null, options).Failures ?? [];
if (options is null || problems.Any())
{
    return Fail(problems);
}
if (command.SelfTest)
{
    return SelfTest.Run(options, Console.Out);
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

// csnet reads no appsettings.json (its settings are the CSNET_* variables), so the host must not
// watch its content root for one: with the default reload-on-change and a working directory of
// "/" (a managed plugin, a systemd unit) that is an inotify watch on every folder of the file
// system, about 1.3 s of start-up inside the plugin and far more on a host.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = ["--hostBuilder:reloadConfigOnChange=false"],
    ContentRootPath = AppContext.BaseDirectory,
});
CsnetLogging.Configure(builder.Logging, options);
builder.WebHost.ConfigureKestrel(k =>
{
    k.ListenUnixSocket(options.SocketPath);
    if (options.MetricsAddress is { } metrics)
        k.Listen(metrics);
});
builder.Services.AddCsnet(options);

var app = builder.Build();
app.UseCsnet();
app.Lifetime.ApplicationStarted.Register(() =>
{
    UnixSocket.Restrict(options.SocketPath);
    var started = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();
    app.Logger.Serving(options.SocketPath, (long)(DateTime.UtcNow - started).TotalMilliseconds, options.StateDir);
});
try
{
    // Options registered with ValidateOnStart (the IPAM's default pools) are checked here.
    await app.StartAsync();
}
catch (OptionsValidationException e)
{
    return Fail(e.Failures);
}
await app.WaitForShutdownAsync();
return 0;

static int Fail(IEnumerable<string> problems)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"csnet: invalid setting: {problem}");
    }
    Console.Error.WriteLine("csnet: not started; fix the settings above (csnet --help lists them)");
    return 2;
}
