extension ScenarioDecoder {
    /// The tests a leaf predicate may apply, with the issue kind each needs.
    static let leafTests: [(key: String, kind: Issue.Kind)] = [
        ("is", .choice), ("in", .choice), ("notIn", .choice),
        ("atLeast", .number), ("atMost", .number), ("between", .number),
        ("includes", .set), ("includesAny", .set), ("excludes", .set), ("sizeAtLeast", .set), ("sizeAtMost", .set),
    ]
    static let combinators = ["all", "any", "not"]

    /// A predicate: a leaf `{"issue": I, test: …}` or a combinator `all`/`any`/`not`.
    mutating func predicate(_ value: JSONValue, _ path: String) -> Predicate? {
        guard let members = value.members else {
            error(
                "wrong-type", value.location, path, "A predicate must be an object such as {\"issue\": ISSUE, \"is\": OPTION}, not \(value.typeName)."
            )
            return nil
        }
        let keys = members.map(\.key).filter { $0 != "note" }
        if let note = value["note"] { _ = string(note, "\(path).note", what: "'note'") }
        if let combinator = keys.first(where: { Self.combinators.contains($0) }) {
            guard keys.count == 1 else {
                let other = keys.first { $0 != combinator }!
                error(
                    "invalid-predicate", value.location, path,
                    "\(combinator == "all" || combinator == "any" ? "An" : "A") '\(combinator)' predicate has one key; '\(other)' must go inside one of its parts."
                )
                return nil
            }
            let inner = value[combinator]!
            let innerPath = "\(path).\(combinator)"
            if combinator == "not" { return predicate(inner, innerPath).map(Predicate.not) }
            guard let parts = inner.elements else {
                error("wrong-type", inner.location, innerPath, "'\(combinator)' takes a list of predicates, not \(inner.typeName).")
                return nil
            }
            var result: [Predicate] = []
            var ok = true
            for (k, part) in parts.enumerated() {
                if let p = predicate(part, "\(innerPath)[\(k)]") { result.append(p) } else { ok = false }
            }
            guard ok else { return nil }
            return combinator == "all" ? .all(result) : .any(result)
        }
        let allowed = ["issue"] + Self.leafTests.map(\.key)
        for m in members where !allowed.contains(m.key) && m.key != "note" {
            error(
                "unknown-key", m.keyLocation, "\(path).\(m.key)", "Unknown key '\(m.key)' in a predicate.",
                suggestion: NameSuggestion.nearest(to: m.key, in: allowed + Self.combinators))
            return nil
        }
        guard let issueValue = value["issue"] else {
            error("invalid-predicate", value.location, path, "A predicate needs an 'issue' and a test, or one of 'all', 'any', 'not'.")
            return nil
        }
        let tests = keys.filter { $0 != "issue" }
        guard tests.count == 1, let testKey = tests.first else {
            // Tests written in different files of a chain: a what-if meant to replace the test,
            // but objects merge key by key, so both stand.
            let files = Set(members.filter { $0.key != "issue" && $0.key != "note" }.map(\.keyLocation.file))
            let listed = tests.map { "'\($0)'" }.joined(separator: " and ")
            error(
                "invalid-predicate", value.location, path,
                tests.isEmpty
                    ? "The predicate names an issue but no test; add one such as 'is', 'atLeast' or 'includes'."
                    : files.count > 1
                        ? "A predicate applies one test, but merging \(files.sorted().joined(separator: " and ")) gives this one \(listed): objects merge key by key, so a test written over another does not replace it. To replace the position's rule, remove the position and add it again (\"remove\": true, then the new entry); to apply both tests, write them in 'all'."
                        : "A predicate applies one test, but this one has \(listed); combine them with 'all'."
            )
            return nil
        }
        guard let i = issueIndex(issueValue, "\(path).issue") else { return nil }
        let issue = issues[i]
        let testValue = value[testKey]!
        let testPath = "\(path).\(testKey)"
        let needed = Self.leafTests.first { $0.key == testKey }!.kind
        guard needed == issue.kind else {
            let fitting = Self.leafTests.filter { $0.kind == issue.kind }.map { "'\($0.key)'" }.joined(separator: ", ")
            error(
                "wrong-kind", testValue.location, testPath,
                "'\(testKey)' tests a \(needed) issue, but '\(issue.id)' is a \(issue.kind) issue; use \(fitting).")
            return nil
        }
        switch testKey {
        case "is":
            guard let s = string(testValue, testPath, what: "'is'") else { return nil }
            return optionIndex(s, of: issue, at: testValue.location, testPath).map { .choiceIn(issue: i, options: 1 << UInt64($0)) }
        case "in", "notIn", "includes", "includesAny", "excludes":
            guard let mask = optionMask(testValue, of: issue, testPath, testKey) else { return nil }
            switch testKey {
            case "in": return .choiceIn(issue: i, options: mask)
            case "notIn": return .choiceIn(issue: i, options: ~mask & Self.fullMask(issue.options.count))
            case "includes": return .includesAll(issue: i, options: mask)
            case "includesAny": return .includesAny(issue: i, options: mask)
            default: return .excludes(issue: i, options: mask)
            }
        case "atLeast", "atMost":
            guard let x = number(testValue, testPath, what: "'\(testKey)'") else { return nil }
            return testKey == "atLeast" ? .numberIn(issue: i, lo: x, hi: .infinity) : .numberIn(issue: i, lo: -.infinity, hi: x)
        case "between":
            guard let pair = testValue.elements, pair.count == 2, let a = pair[0].numberValue, let b = pair[1].numberValue else {
                error("wrong-type", testValue.location, testPath, "'between' takes two numbers [low, high].")
                return nil
            }
            guard a <= b else {
                error(
                    "invalid-range", testValue.location, testPath,
                    "'between' [\(NumberFormat.plain(a)), \(NumberFormat.plain(b))] runs backwards; write [low, high].")
                return nil
            }
            return .numberIn(issue: i, lo: a, hi: b)
        default:  // sizeAtLeast, sizeAtMost
            guard let x = number(testValue, testPath, what: "'\(testKey)'") else { return nil }
            guard x >= 0, x == x.rounded(), x <= 64 else {
                error(
                    "out-of-range", testValue.location, testPath,
                    "'\(testKey)' takes a whole number of members from 0 to 64, not \(NumberFormat.plain(x)).")
                return nil
            }
            let n = Int(x)
            return testKey == "sizeAtLeast" ? .sizeIn(issue: i, lo: n, hi: 64) : .sizeIn(issue: i, lo: 0, hi: n)
        }
    }

    static func fullMask(_ count: Int) -> UInt64 { count >= 64 ? ~0 : (1 << UInt64(count)) - 1 }

    private mutating func optionMask(_ value: JSONValue, of issue: Issue, _ path: String, _ test: String) -> UInt64? {
        guard let elements = value.elements else {
            error("wrong-type", value.location, path, "'\(test)' takes a list of option ids, not \(value.typeName).")
            return nil
        }
        var mask: UInt64 = 0
        var ok = true
        for e in elements {
            guard let s = string(e, path, what: "An option id") else { ok = false; continue }
            if let k = optionIndex(s, of: issue, at: e.location, path) { mask |= 1 << UInt64(k) } else { ok = false }
        }
        return ok ? mask : nil
    }
}
