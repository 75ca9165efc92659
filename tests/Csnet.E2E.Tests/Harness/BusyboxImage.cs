namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Builds the test image from the host's busybox-static: no registry is reachable, so the image is a
/// <c>docker import</c> of a rootfs holding /bin/busybox and one symlink per applet.
/// </summary>
public static class BusyboxImage
{
    public const string Name = "csnet-e2e-busybox:latest";

    public static void Import(DockerDaemon docker, string workDir)
    {
        var busybox = Environment.GetEnvironmentVariable("CSNET_BUSYBOX") ?? "/bin/busybox";
        if (!File.Exists(busybox))
        {
            throw new InvalidOperationException($"{busybox} not found; run tests/e2e/install-deps.sh (busybox-static)");
        }

        var rootfs = Path.Combine(workDir, "rootfs");
        var bin = Path.Combine(rootfs, "bin");
        Directory.CreateDirectory(bin);
        foreach (var dir in new[] { "etc", "proc", "sys", "dev", "tmp", "root" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }
        File.Copy(busybox, Path.Combine(bin, "busybox"), overwrite: true);

        var list = ProcessRunner.Run(busybox, "--list");
        if (!list.Succeeded)
        {
            throw new InvalidOperationException("busybox --list failed\n" + list);
        }
        // "busybox --list" names busybox itself; linking it would replace the binary with a self-loop.
        foreach (var applet in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a != "busybox"))
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        var tar = Path.Combine(workDir, "busybox-rootfs.tar");
        var pack = ProcessRunner.Run("tar", ["-C", rootfs, "-cf", tar, "."], TimeSpan.FromSeconds(60));
        if (!pack.Succeeded)
        {
            throw new InvalidOperationException("cannot pack the busybox rootfs\n" + pack);
        }

        // An imported image has no environment at all; without PATH runc finds no "sleep".
        var import = docker.Docker(TimeSpan.FromSeconds(120), "import", "-c", "ENV PATH=/bin", "-c", "CMD [\"sh\"]", tar, Name);
        if (!import.Succeeded)
        {
            throw new InvalidOperationException("docker import failed\n" + import);
        }
        Directory.Delete(rootfs, recursive: true);
        File.Delete(tar);
    }
}
