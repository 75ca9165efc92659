using System.Reflection;
using Csnet.Ipam.Allocation;

namespace Csnet.Ipam.Tests;

public class ArchitectureTests
{
    private static readonly Assembly Ipam = typeof(IpamAllocator).Assembly;

    [Fact]
    public void IpamAssembly_References_NeverThePlugin()
    {
        Assert.DoesNotContain(Ipam.GetReferencedAssemblies(), a => a.Name is "csnet" or "Csnet.Plugin");
    }

    [Theory]
    [InlineData("Csnet.Ipam.Allocation", "Csnet.Ipam.Protocol")]
    [InlineData("Csnet.Ipam.Allocation", "Csnet.Ipam.Endpoints")]
    [InlineData("Csnet.Ipam.State", "Csnet.Ipam.Protocol")]
    [InlineData("Csnet.Ipam.State", "Csnet.Ipam.Allocation")]
    [InlineData("Csnet.Ipam.Protocol", "Csnet.Ipam.Allocation")]
    public void Namespace_Dependencies_PointOneWay(string from, string forbidden)
    {
        var offenders = Ipam.GetTypes()
            .Where(t => t.Namespace == from)
            .SelectMany(t => UsedTypes(t).Where(u => u.Namespace == forbidden).Select(u => $"{t.Name} -> {u.FullName}"))
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    // Field, property, method signature and base types: enough to catch a DTO leaking into the domain.
    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            types.Add(baseType);
        }

        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(all).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            types.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                types.Add(info.ReturnType);
            }
        }

        return types.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            return Unwrap(element);
        }

        return type.IsGenericType
            ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type)
            : [type];
    }
}
