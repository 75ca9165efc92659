// The benchmark drives the same Linux kernel interfaces as csnet.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
