// csnet drives the Linux kernel (netlink, nftables, namespaces); no other platform is meaningful.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
