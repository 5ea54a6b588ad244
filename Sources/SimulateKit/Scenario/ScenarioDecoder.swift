/// Turns a merged scenario's JSON into a checked ``Scenario``, collecting every problem.
///
/// Each helper reports what is wrong with its value at the value's own location and returns
/// nil, so that one bad value does not hide the others.
struct ScenarioDecoder {
    var diagnostics: [ScenarioDiagnostic] = []
    var issues: [Issue] = []
    /// Ids of issues that failed to decode: references to them are not reported again.
    var brokenIssueIDs: Set<String> = []
    /// The evidence of positions that could not be read in full, for the quote check.
    var unplacedEvidence: [(evidence: Evidence, path: String)] = []
    /// True when the file has no `issues` list: references to issues are then not reported.
    var issuesMissing = false
    /// Issues read by a position or a `required` predicate, and options named anywhere, as
    /// "issue" and "issue/option": what `simulate check` warns about when unused.
    var referenced: Set<String> = []

    static let topKeys = ["format", "title", "description", "asOf", "extends", "sources", "issues", "parties", "packages", "note"]
    static let issueKeys = ["id", "label", "description", "note", "kind", "options", "min", "max", "step", "unit", "default"]
    static let optionKeys = ["id", "label", "description", "note"]
    static let packageKeys = ["id", "label", "description", "note", "terms", "evidence"]

    // MARK: Reporting

    mutating func error(_ code: String, _ location: SourceLocation, _ path: String, _ message: String, suggestion: String? = nil) {
        diagnostics.append(ScenarioDiagnostic(code: code, at: location, path: path, message: message, suggestion: suggestion))
    }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    // MARK: Typed readers

    /// The value as an object whose keys are all in `keys`; unknown keys are reported.
    mutating func object(_ value: JSONValue, _ path: String, what: String, keys: [String]) -> JSONValue? {
        guard let members = value.members else {
            error("wrong-type", value.location, path, "\(what.prefix(1).uppercased() + what.dropFirst()) must be an object, not \(value.typeName).")
            return nil
        }
        for m in members where !keys.contains(m.key) {
            error(
                "unknown-key", m.keyLocation, Self.child(path, m.key),
                "Unknown key '\(m.key)' in \(what).",
                suggestion: NameSuggestion.nearest(to: m.key, in: keys))
        }
        // Free text is free in content, not in type: a number there is a slip worth naming.
        for m in members where Self.freeTextKeys.contains(m.key) && keys.contains(m.key) {
            _ = string(m.value, Self.child(path, m.key), what: "'\(m.key)'")
        }
        return value
    }

    /// Keys whose value is free text, checked wherever they are allowed.
    static let freeTextKeys = ["description", "note"]

    mutating func string(_ value: JSONValue?, _ path: String, what: String) -> String? {
        guard let value else { return nil }
        guard let s = value.stringValue else {
            error("wrong-type", value.location, path, "\(what) must be a string, not \(value.typeName).")
            return nil
        }
        return s
    }

    static func isSlug(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A required id: a lowercase slug.
    mutating func id(_ object: JSONValue, _ path: String, what: String) -> String? {
        guard let value = object["id"] else {
            error("missing-key", object.location, path, "\(what.prefix(1).uppercased() + what.dropFirst()) has no 'id'.")
            return nil
        }
        return slug(value, Self.child(path, "id"), what: "The id of \(what)")
    }

    mutating func slug(_ value: JSONValue, _ path: String, what: String) -> String? {
        guard let s = string(value, path, what: what) else { return nil }
        guard Self.isSlug(s) else {
            let fixed = String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
            error(
                "invalid-id", value.location, path,
                "'\(s)' is not a valid id; ids are lowercase slugs: letters a-z, digits and '-', starting with a letter or digit.",
                suggestion: Self.isSlug(fixed) ? fixed : nil)
            return nil
        }
        return s
    }

    mutating func number(_ value: JSONValue?, _ path: String, what: String) -> Double? {
        guard let value else { return nil }
        guard let d = value.numberValue else {
            error("wrong-type", value.location, path, "\(what) must be a number, not \(value.typeName).")
            return nil
        }
        return d
    }

    /// A number or a range `[lo, hi]`, each end within `range`.
    mutating func bounds(_ value: JSONValue, _ path: String, what: String, within range: ClosedRange<Double>?, positive: Bool = false) -> Bounds? {
        let result: Bounds
        if let d = value.numberValue {
            result = Bounds(d)
        } else if let pair = value.elements {
            guard pair.count == 2, let lo = pair[0].numberValue, let hi = pair[1].numberValue else {
                error("invalid-range", value.location, path, "\(what) must be a number or a range [lo, hi] of two numbers.")
                return nil
            }
            guard lo <= hi else {
                error(
                    "invalid-range", value.location, path,
                    "The range [\(NumberFormat.plain(lo)), \(NumberFormat.plain(hi))] of \(what.lowercased()) runs backwards; write [low, high].")
                return nil
            }
            result = Bounds(lo, hi)
        } else {
            error("wrong-type", value.location, path, "\(what) must be a number or a range [lo, hi], not \(value.typeName).")
            return nil
        }
        if positive && result.lo <= 0 {
            error("out-of-range", value.location, path, "\(what) must be greater than 0, not \(Self.show(result)).")
            return nil
        }
        if let range, !(range.contains(result.lo) && range.contains(result.hi)) {
            error(
                "out-of-range", value.location, path,
                positive
                    ? "\(what) must be greater than 0 and at most \(NumberFormat.plain(range.upperBound)), not \(Self.show(result))."
                    : "\(what) must lie in [\(NumberFormat.plain(range.lowerBound)), \(NumberFormat.plain(range.upperBound))], not \(Self.show(result))."
            )
            return nil
        }
        return result
    }

    static func show(_ b: Bounds) -> String {
        b.isExact ? NumberFormat.plain(b.lo) : "[\(NumberFormat.plain(b.lo)), \(NumberFormat.plain(b.hi))]"
    }

    mutating func day(_ value: JSONValue?, _ path: String, what: String) -> Day? {
        guard let value, let s = string(value, path, what: what) else { return nil }
        guard let d = Day(iso: s) else {
            if let (y, m, day) = Day.fields(s) {
                let reason =
                    (1...12).contains(m)
                    ? "\(Day.monthNames[m - 1]) \(y) has \(Day.daysIn(month: m, year: y)) days, not \(day)"
                    : "there is no month \(m)"
                error("invalid-date", value.location, path, "\(what) '\(s)' is not a real date: \(reason).")
            } else {
                error("invalid-date", value.location, path, "\(what) '\(s)' is not a date in the form YYYY-MM-DD.")
            }
            return nil
        }
        return d
    }

    /// A list, or nil with a message.
    mutating func list(_ value: JSONValue?, _ path: String, what: String) -> [JSONValue]? {
        guard let value else { return nil }
        guard let elements = value.elements else {
            error("wrong-type", value.location, path, "\(what) must be a list, not \(value.typeName).")
            return nil
        }
        return elements
    }

    // MARK: The scenario

    /// The scenario, with lint warnings when `lint` is set and nothing is wrong (warnings
    /// about a half-read model would mislead).
    mutating func decodeScenario(_ json: JSONValue, lint: Bool = true) -> Scenario? {
        guard let top = object(json, "", what: "the scenario", keys: Self.topKeys) else { return nil }
        let title = string(top["title"], "title", what: "'title'")
        let description = top["description"]?.stringValue
        let asOf = day(top["asOf"], "asOf", what: "'asOf'")
        _ = string(top["sources"], "sources", what: "'sources'")

        for (n, value) in (list(top["issues"], "issues", what: "'issues'") ?? []).enumerated() {
            if let issue = decodeIssue(value, n) {
                issues.append(issue)
            } else if let id = value["id"]?.stringValue {
                brokenIssueIDs.insert(id)
            }
        }
        if top["issues"] == nil {
            issuesMissing = true
            error("missing-key", top.location, "", "The scenario has no 'issues'; a deal must settle at least one issue.")
        } else if let list = top["issues"]?.elements, list.isEmpty {
            error("empty-list", top["issues"]!.location, "issues", "The list of issues is empty; a deal must settle at least one issue.")
        }
        var parties: [Party] = []
        for (n, value) in (list(top["parties"], "parties", what: "'parties'") ?? []).enumerated() {
            if let party = decodeParty(value, n) { parties.append(party) }
        }
        var packages: [DealPackage] = []
        for (n, value) in (list(top["packages"], "packages", what: "'packages'") ?? []).enumerated() {
            if let package = decodePackage(value, n) { packages.append(package) }
        }
        if lint && !diagnostics.hasErrors { self.lint(parties) }
        var scenario = Scenario(
            title: title, description: description, asOf: asOf, issues: issues, parties: parties,
            packages: packages, files: [])
        scenario.unplacedEvidence = unplacedEvidence
        return scenario
    }

    /// Warnings: an issue or option nothing refers to, a party with no positions, a position
    /// without evidence.
    mutating func lint(_ parties: [Party]) {
        func warn(_ code: String, _ location: SourceLocation, _ path: String, _ message: String) {
            diagnostics.append(ScenarioDiagnostic(.warning, code: code, at: location, path: path, message: message))
        }
        for issue in issues {
            if !referenced.contains(issue.id) {
                warn(
                    "unused-issue", issue.location, "issues[\(issue.id)]",
                    "No position reads the issue '\(issue.id)', so it cannot change any verdict.")
            }
            for option in issue.options where !referenced.contains(issue.id + "/" + option.id) {
                warn(
                    "unused-option", issue.location, "issues[\(issue.id)].options[\(option.id)]",
                    "Nothing refers to the option '\(option.id)' of '\(issue.id)': no position, package or default names it.")
            }
        }
        for party in parties {
            if party.positions.isEmpty {
                warn(
                    "no-positions", party.location, "parties[\(party.id)]",
                    "The party '\(party.id)' has no positions, so it accepts every package.")
            }
            for position in party.positions where position.evidence.isEmpty {
                warn(
                    "no-evidence", position.location, "parties[\(party.id)].positions[\(position.id)]",
                    "The position '\(position.id)' of '\(party.id)' cites no evidence.")
            }
        }
    }

    // MARK: Issues

    mutating func decodeIssue(_ value: JSONValue, _ n: Int) -> Issue? {
        let provisional = "issues[\(value["id"]?.stringValue ?? String(n))]"
        guard let o = object(value, provisional, what: "an issue", keys: Self.issueKeys),
            let id = self.id(o, provisional, what: "an issue")
        else { return nil }
        let path = "issues[\(id)]"
        let label = string(o["label"], Self.child(path, "label"), what: "'label'")
        guard let kindValue = o["kind"] else {
            error("missing-key", o.location, path, "The issue '\(id)' has no 'kind'; use \"choice\", \"number\" or \"set\".")
            return nil
        }
        guard let kindText = string(kindValue, Self.child(path, "kind"), what: "'kind'") else { return nil }
        guard let kind = Issue.Kind(rawValue: kindText) else {
            error(
                "unknown-kind", kindValue.location, Self.child(path, "kind"),
                "Unknown issue kind '\(kindText)'; use \"choice\", \"number\" or \"set\".",
                suggestion: NameSuggestion.nearest(to: kindText, in: ["choice", "number", "set"]))
            return nil
        }
        var issue = Issue(id: id, label: label, kind: kind, options: [], location: o.location)
        switch kind {
        case .choice, .set:
            for key in ["min", "max", "step", "unit"] where o[key] != nil {
                error("not-for-kind", o[key]!.location, Self.child(path, key), "'\(key)' applies to number issues, but '\(id)' is a \(kind) issue.")
            }
            guard let optionValues = list(o["options"], Self.child(path, "options"), what: "'options'") else {
                if o["options"] == nil {
                    error("missing-key", o.location, path, "The \(kind) issue '\(id)' has no 'options'.")
                }
                return nil
            }
            for (k, ov) in optionValues.enumerated() {
                let optionPath = "\(path).options[\(ov.stringValue ?? ov["id"]?.stringValue ?? String(k))]"
                if ov.stringValue != nil {
                    if let oid = slug(ov, optionPath, what: "An option id") { issue.options.append(Option(id: oid)) }
                } else if ov.members == nil {
                    error(
                        "wrong-type", ov.location, optionPath,
                        "An option is an id such as \"neutral\" or an object with an 'id', not \(ov.typeName).")
                } else if let oo = object(ov, optionPath, what: "an option", keys: Self.optionKeys),
                    let oid = self.id(oo, optionPath, what: "an option")
                {
                    issue.options.append(Option(id: oid, label: string(oo["label"], optionPath + ".label", what: "'label'")))
                }
            }
            if issue.options.isEmpty && optionValues.isEmpty {
                error("no-options", o["options"]!.location, Self.child(path, "options"), "The \(kind) issue '\(id)' needs at least one option.")
                return nil
            }
            if issue.options.count > 64 {
                error(
                    "too-many-options", o["options"]!.location, Self.child(path, "options"),
                    "The issue '\(id)' has \(issue.options.count) options; simulate supports at most 64 per issue.")
                return nil
            }
        case .number:
            if let options = o["options"] {
                error(
                    "not-for-kind", options.location, Self.child(path, "options"),
                    "'options' applies to choice and set issues, but '\(id)' is a number issue.")
            }
            guard let lo = number(o["min"], Self.child(path, "min"), what: "'min'"),
                let hi = number(o["max"], Self.child(path, "max"), what: "'max'")
            else {
                if o["min"] == nil || o["max"] == nil {
                    error("missing-key", o.location, path, "The number issue '\(id)' needs both 'min' and 'max'.")
                }
                return nil
            }
            guard lo <= hi else {
                error(
                    "invalid-range", o["max"]!.location, Self.child(path, "max"),
                    "'max' (\(NumberFormat.plain(hi))) is below 'min' (\(NumberFormat.plain(lo))).")
                return nil
            }
            issue.minimum = lo
            issue.maximum = hi
            if let stepValue = o["step"], let step = number(stepValue, Self.child(path, "step"), what: "'step'") {
                if step > 0 {
                    issue.step = step
                    if !(hi - lo).isFinite {
                        // −1e308 to 1e308: the grid's values themselves would overflow.
                        error(
                            "invalid-range", o["max"]!.location, Self.child(path, "max"),
                            "'min' to 'max' spans more than a double can hold (\(NumberFormat.plain(lo)) to \(NumberFormat.plain(hi))); use smaller numbers."
                        )
                    } else if (hi - lo) / step > 1e7 {
                        error(
                            "grid-too-fine", stepValue.location, Self.child(path, "step"),
                            "A step of \(NumberFormat.plain(step)) gives more than 10 million values between 'min' and 'max'; use a coarser step.")
                    } else if step <= max(abs(lo), abs(hi)).ulp {
                        // Numbers this large are spaced further apart than the step: the grid's
                        // values would repeat.
                        error(
                            "grid-too-fine", stepValue.location, Self.child(path, "step"),
                            "A step of \(NumberFormat.plain(step)) is finer than numbers near \(NumberFormat.plain(max(abs(lo), abs(hi)))) can be told apart, so the grid's values would repeat; use a coarser step, or state the issue in a larger unit."
                        )
                    }
                } else {
                    error("out-of-range", stepValue.location, Self.child(path, "step"), "'step' must be greater than 0.")
                }
            }
            issue.unit = string(o["unit"], Self.child(path, "unit"), what: "'unit'")
        }
        if let d = o["default"] {
            issue.defaultTerm = term(d, for: issue, Self.child(path, "default"))
        }
        return issue
    }

    /// A package term (or an issue default) for `issue`.
    mutating func term(_ value: JSONValue, for issue: Issue, _ path: String) -> Term? {
        switch issue.kind {
        case .choice:
            guard let s = value.stringValue else {
                error("wrong-term", value.location, path, "The choice issue '\(issue.id)' takes one option id as a string, not \(value.typeName).")
                return nil
            }
            return optionIndex(s, of: issue, at: value.location, path).map(Term.option)
        case .number:
            guard let x = value.numberValue else {
                error("wrong-term", value.location, path, "The number issue '\(issue.id)' takes a number, not \(value.typeName).")
                return nil
            }
            guard x >= issue.minimum && x <= issue.maximum else {
                error(
                    "out-of-range", value.location, path,
                    "\(NumberFormat.plain(x)) is outside the range of '\(issue.id)', [\(NumberFormat.plain(issue.minimum)), \(NumberFormat.plain(issue.maximum))]."
                )
                return nil
            }
            return .number(x)
        case .set:
            guard let elements = value.elements else {
                error("wrong-term", value.location, path, "The set issue '\(issue.id)' takes a list of option ids, not \(value.typeName).")
                return nil
            }
            var mask: UInt64 = 0
            var ok = true
            for e in elements {
                guard let s = e.stringValue else {
                    error("wrong-term", e.location, path, "A member of the set issue '\(issue.id)' must be an option id string, not \(e.typeName).")
                    ok = false
                    continue
                }
                guard let k = optionIndex(s, of: issue, at: e.location, path) else { ok = false; continue }
                if mask & (1 << UInt64(k)) != 0 {
                    error("repeated-member", e.location, path, "'\(s)' is listed twice in the set '\(issue.id)'.")
                    ok = false
                }
                mask |= 1 << UInt64(k)
            }
            return ok ? .members(mask) : nil
        }
    }

    /// The index of option `id` of `issue`, or a located error with a suggestion.
    mutating func optionIndex(_ id: String, of issue: Issue, at location: SourceLocation, _ path: String) -> Int? {
        if let k = issue.optionIndex(id) {
            referenced.insert(issue.id + "/" + id)
            return k
        }
        error(
            "unknown-option", location, path, "Unknown option '\(id)' of issue '\(issue.id)'.",
            suggestion: NameSuggestion.nearest(to: id, in: issue.options.map(\.id)))
        return nil
    }

    /// The index of issue `id`, or a located error with a suggestion.
    mutating func issueIndex(_ value: JSONValue, _ path: String) -> Int? {
        guard let id = string(value, path, what: "'issue'") else { return nil }
        if let i = issues.firstIndex(where: { $0.id == id }) {
            referenced.insert(id)
            return i
        }
        if brokenIssueIDs.contains(id) || issuesMissing { return nil }
        error(
            "unknown-issue", value.location, path, "Unknown issue '\(id)'.",
            suggestion: NameSuggestion.nearest(to: id, in: issues.map(\.id)))
        return nil
    }

    // MARK: Packages

    mutating func decodePackage(_ value: JSONValue, _ n: Int) -> DealPackage? {
        let provisional = "packages[\(value["id"]?.stringValue ?? String(n))]"
        guard let o = object(value, provisional, what: "a package", keys: Self.packageKeys),
            let id = self.id(o, provisional, what: "a package")
        else { return nil }
        let path = "packages[\(id)]"
        let label = string(o["label"], Self.child(path, "label"), what: "'label'")
        let evidence = decodeEvidenceList(o["evidence"], Self.child(path, "evidence"))
        guard let termsValue = o["terms"] else {
            error("missing-key", o.location, path, "The package '\(id)' has no 'terms'.")
            return nil
        }
        guard let members = termsValue.members else {
            error(
                "wrong-type", termsValue.location, Self.child(path, "terms"),
                "'terms' must be an object mapping issue ids to terms, not \(termsValue.typeName).")
            return nil
        }
        var terms: [Term?] = issues.map(\.defaultTerm)
        var given = [Bool](repeating: false, count: issues.count)
        var ok = true
        for m in members {
            let termPath = "\(path).terms.\(m.key)"
            guard let i = issues.firstIndex(where: { $0.id == m.key }) else {
                if brokenIssueIDs.contains(m.key) || issuesMissing { ok = false; continue }
                error(
                    "unknown-issue", m.keyLocation, termPath, "Unknown issue '\(m.key)' in the terms of package '\(id)'.",
                    suggestion: NameSuggestion.nearest(to: m.key, in: issues.map(\.id)))
                ok = false
                continue
            }
            given[i] = true
            if let t = term(m.value, for: issues[i], termPath) { terms[i] = t } else { ok = false }
        }
        let missing = issues.indices.filter { !given[$0] && terms[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "'\(issues[$0].id)'" }.joined(separator: ", ")
            error(
                "missing-term", termsValue.location, Self.child(path, "terms"),
                "The package '\(id)' sets no term for \(names), and \(missing.count == 1 ? "that issue has" : "those issues have") no 'default'.")
            ok = false
        }
        guard ok else { return nil }
        return DealPackage(
            id: id, label: label, terms: terms.map { $0! }, evidence: evidence ?? [], location: o.location,
            description: o["description"]?.stringValue, note: o["note"]?.stringValue)
    }
}
