using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Tests.Validation;

public class FieldErrorTests
{
    public static TheoryData<string, FieldError, string> FormatCases => new()
    {
        { "InvalidString", FieldError.Invalid(FieldPath.Root("metadata").Child("name"), "Foo", "bad name"), "metadata.name: Invalid value: \"Foo\": bad name" },
        { "RequiredWithoutDetail", FieldError.Required(FieldPath.Root("spec").Child("containers").Index(0).Child("image")), "spec.containers[0].image: Required value" },
        { "RequiredWithDetail", FieldError.Required(FieldPath.Root("metadata", "name"), "name or generateName is required"), "metadata.name: Required value: name or generateName is required" },
        { "NotSupported", FieldError.NotSupported(FieldPath.Root("spec").Child("restartPolicy"), "x", ["a", "b"]), "spec.restartPolicy: Unsupported value: \"x\": supported values: \"a\", \"b\"" },
        { "NotSupportedNoValues", FieldError.NotSupported(FieldPath.Root("f"), "x", []), "f: Unsupported value: \"x\"" },
        { "InvalidInteger", FieldError.Invalid(FieldPath.Root("spec").Child("ports").Index(2).Child("port"), 70000, "must be between 1 and 65535, inclusive"), "spec.ports[2].port: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { "InvalidNull", FieldError.Invalid(FieldPath.Root("x"), null, "d"), "x: Invalid value: null: d" },
        { "InvalidBool", FieldError.Invalid(FieldPath.Root("x"), true, "d"), "x: Invalid value: true: d" },
        { "InvalidFloat", FieldError.Invalid(FieldPath.Root("x"), 1000000.0, "d"), "x: Invalid value: 1e+06: d" },
        { "InvalidSmallFloat", FieldError.Invalid(FieldPath.Root("x"), 0.5, "d"), "x: Invalid value: 0.5: d" },
        { "InvalidQuotedEscapes", FieldError.Invalid(FieldPath.Root("x"), "a\"b\\c\n\u0001", "d"), "x: Invalid value: \"a\\\"b\\\\c\\n\\x01\": d" },
        { "InvalidStringSlice", FieldError.Invalid(FieldPath.Root("values"), new GoStringSlice(["a", "b"]), "d"), "values: Invalid value: []string{\"a\", \"b\"}: d" },
        { "InvalidNilSlice", FieldError.Invalid(FieldPath.Root("values"), GoStringSlice.Nil, "d"), "values: Invalid value: []string(nil): d" },
        { "ForbiddenHidesValue", FieldError.Forbidden(FieldPath.Root("metadata").Child("namespace"), "not allowed on this type"), "metadata.namespace: Forbidden: not allowed on this type" },
        { "TooLongHidesValue", FieldError.TooLong(FieldPath.Root("metadata").Child("annotations"), "", 262144), "metadata.annotations: Too long: must have at most 262144 bytes" },
        { "TooMany", FieldError.TooMany(FieldPath.Root("items"), 5, 3), "items: Too many: 5: must have at most 3 items" },
        { "TooManyUnknownCount", FieldError.TooMany(FieldPath.Root("items"), -1, 3), "items: Too many: must have at most 3 items" },
        { "Duplicate", FieldError.Duplicate(FieldPath.Root("spec").Child("ports").Index(1).Child("name"), "http"), "spec.ports[1].name: Duplicate value: \"http\"" },
        { "Internal", FieldError.InternalError(FieldPath.Root("metadata").Child("name"), "boom"), "metadata.name: Internal error: boom" },
        { "NilPath", FieldError.Invalid(null, "v", "d"), "<nil>: Invalid value: \"v\": d" },
        { "MapKeyPath", FieldError.Invalid(FieldPath.Root("metadata").Child("labels").Key("app.kubernetes.io/name"), "-x", "d"), "metadata.labels[app.kubernetes.io/name]: Invalid value: \"-x\": d" },
    };

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void ToString_FormatsLikeUpstream(string name, FieldError error, string expected) =>
        error.ToString().ShouldBe(expected, name);

    [Fact]
    public void FieldPath_BuildsUpstreamNotation()
    {
        FieldPath.Root("spec").Child("containers").Index(0).Key("foo").ToString().ShouldBe("spec.containers[0][foo]");
        FieldPath.Root("spec", "template", "spec").ToString().ShouldBe("spec.template.spec");
        FieldPath.Format(null).ShouldBe("<nil>");
    }

    [Fact]
    public void FieldPath_PrintsEverySegmentKindAsUpstream()
    {
        FieldPath.Root("a").Child("").ToString().ShouldBe("a[]");
        FieldPath.Root("a").Index(-1).ToString().ShouldBe("a[-1]");
        FieldPath.Root("a").Index(12345).Key("").ToString().ShouldBe("a[12345][]");
        FieldPath.Root("a").Child("b", "c").Key("k/v").Child("d").ToString().ShouldBe("a.b.c[k/v].d");
        FieldPath.Root("a").Key("0").Index(0).ToString().ShouldBe("a[0][0]");
        FieldPath.ChildOf(null, "x").ToString().ShouldBe("x");
        FieldPath.ChildOf(FieldPath.Root("x"), "y").ToString().ShouldBe("x.y");
    }

    [Fact]
    public void FieldPath_InternsShortPathsSoRebuildingOneFindsTheSameObject()
    {
        var first = FieldPath.Root("interned-test").Child("containers").Index(3).Child("name");
        var again = FieldPath.Root("interned-test").Child("containers").Index(3).Child("name");
        again.ShouldBeSameAs(first);
        again.Parent.ShouldBeSameAs(FieldPath.Root("interned-test").Child("containers").Index(3));
        // An index and a key that print alike are different paths.
        FieldPath.Root("interned-test").Key("3").ShouldNotBeSameAs(FieldPath.Root("interned-test").Index(3));
        // A name built at run time finds the path of the equal literal.
        FieldPath.Root("interned-test").Child(new string('c', 1) + "ontainers").ShouldBeSameAs(FieldPath.Root("interned-test").Child("containers"));
    }

    [Fact]
    public void FieldPath_DoesNotInternLongNamesLargeIndexesOrTheirChildren()
    {
        var root = FieldPath.Root("interned-bounds");
        var longName = new string('n', FieldPath.MaxInternedNameLength + 1);
        var viaLongName = root.Child(longName).Child("x");
        viaLongName.ShouldNotBeSameAs(root.Child(longName).Child("x"));
        viaLongName.ToString().ShouldBe("interned-bounds." + longName + ".x");
        root.Key(longName).ShouldNotBeSameAs(root.Key(longName));
        root.Index(FieldPath.MaxInternedIndex).ShouldNotBeSameAs(root.Index(FieldPath.MaxInternedIndex));
        root.Index(FieldPath.MaxInternedIndex).ToString().ShouldBe("interned-bounds[16]");
        root.Index(FieldPath.MaxInternedIndex - 1).ShouldBeSameAs(root.Index(FieldPath.MaxInternedIndex - 1));
    }

    [Fact]
    public void FieldPath_KeepsAtMostTheBoundOfChildrenPerPath()
    {
        var root = FieldPath.Root("interned-many");
        for (var i = 0; i < FieldPath.MaxChildrenPerPath * 3; i++)
        {
            root.Key("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var interned = Enumerable.Range(0, FieldPath.MaxChildrenPerPath * 3)
            .Count(i => ReferenceEquals(root.Key("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                root.Key("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        interned.ShouldBe(FieldPath.MaxChildrenPerPath);
        root.Key("k" + (FieldPath.MaxChildrenPerPath * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString().ShouldBe("interned-many[k64]");
        FieldPath.InternedPaths.ShouldBeLessThanOrEqualTo(FieldPath.MaxInternedPaths);
    }

    [Fact]
    public async Task FieldPath_BuiltConcurrentlyPrintsTheSameAndInternsOnePath()
    {
        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 200).Select(i => FieldPath.Root("interned-race").Child("c" + (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture)).Index(i % 4)).ToArray())));
        foreach (var run in paths)
        {
            for (var i = 0; i < run.Length; i++)
            {
                run[i].ToString().ShouldBe("interned-race.c" + (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture) + "[" + (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                run[i].ShouldBeSameAs(paths[0][i]);
            }
        }
    }

    [Fact]
    public void CauseType_MatchesUpstreamReasons()
    {
        FieldErrorType.Invalid.ToCauseType().ShouldBe("FieldValueInvalid");
        FieldErrorType.Internal.ToCauseType().ShouldBe("InternalError");
        FieldErrorType.TypeInvalid.ToDisplayString().ShouldBe("Invalid value");
    }

    [Fact]
    public void ToAggregateMessage_DeduplicatesAndBrackets()
    {
        var list = new FieldErrorList();
        list.ToAggregateMessage().ShouldBe("");
        list.Add(FieldError.Required(FieldPath.Root("a")));
        list.ToAggregateMessage().ShouldBe("a: Required value");
        list.Add(FieldError.Required(FieldPath.Root("a")));
        list.ToAggregateMessage().ShouldBe("a: Required value");
        list.Add(FieldError.Forbidden(FieldPath.Root("b"), "no"));
        list.ToAggregateMessage().ShouldBe("[a: Required value, b: Forbidden: no]");
    }
}
