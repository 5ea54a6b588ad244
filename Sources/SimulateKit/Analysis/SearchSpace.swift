/// Every package a search may visit: the options of each choice issue, the grid of each
/// number issue (`min`, `min + step`, … up to `max`), every subset of each set issue, with
/// `--fix` pinning an issue to one term.
///
/// A package of the space is named by its index: the mixed-radix number of its value
/// positions, last issue fastest (the order of Python's `itertools.product`).
public struct SearchSpace: Sendable {
    /// The values each issue takes, in enumeration order.
    public var domains: [[Term]]
    /// The number of packages, as a Double (it may exceed any integer type).
    public var size: Double { domains.reduce(1.0) { $0 * Double($1.count) } }

    /// A reason the space cannot be searched.
    public struct Problem: Error, Sendable {
        public var message: String
    }

    /// The most options a set issue may have unpinned: 2^24 subsets, one issue's domain.
    public static let maxSetOptions = 24

    /// How long a space of `size` packages would take at 1 to 30 ns a package: `2 to 50 minutes`,
    /// or one figure when both ends read the same (`under a second`).
    static func estimate(_ size: Double) -> String {
        let fast = NumberFormat.roughDuration(size * 1e-9), slow = NumberFormat.roughDuration(size * 30e-9)
        return fast == slow ? fast : "\(fast) to \(slow)"
    }

    /// The space of `scenario`, with the issues in `fixed` pinned. A space of more than `limit`
    /// packages is refused, with advice on narrowing it, before any domain is built: memory
    /// grows with the domains, never with the space.
    public init(_ scenario: Scenario, fixed: [Int: Term] = [:], limit: Double = .infinity) throws(Problem) {
        let counts = try Self.sizes(scenario, fixed: fixed)
        let size = counts.reduce(1, *)
        guard size <= limit else {
            throw Problem(
                message: """
                    The space holds \(NumberFormat.grouped(size)) packages, more than the limit of \(NumberFormat.grouped(limit)). \
                    Narrow it with --fix ISSUE=VALUE (the issues with most values: \(Self.largest(counts, scenario))), \
                    search the neighbourhood of a package with --around PACKAGE --vary ISSUE, \
                    or raise the limit with --limit: at 1 to 30 ns a package (docs/PERFORMANCE.md), \
                    this space would take \(Self.estimate(size)).
                    """)
        }
        domains = []
        for (i, issue) in scenario.issues.enumerated() {
            if let term = fixed[i] {
                domains.append([term])
                continue
            }
            switch issue.kind {
            case .choice:
                domains.append(issue.options.indices.map(Term.option))
            case .set:
                domains.append((0..<(UInt64(1) << UInt64(issue.options.count))).map(Term.members))
            case .number:
                domains.append(Self.grid(issue, count: Int(counts[i])).map(Term.number))
            }
        }
    }

    /// `guarantors (512), donbas (5)`: the issues with most values, for advice on narrowing.
    static func largest(_ counts: [Double], _ scenario: Scenario) -> String {
        IndexSort.sorted(counts.count) { a, b in counts[a] != counts[b] ? counts[a] > counts[b] : a < b }
            .filter { counts[$0] > 1 }
            .prefix(4)
            .map { "\(scenario.issues[$0].id) (\(NumberFormat.grouped(counts[$0])))" }
            .joined(separator: ", ")
    }

    /// The number of packages in the space, without building it.
    static func size(_ scenario: Scenario, fixed: [Int: Term]) throws(Problem) -> Double {
        try sizes(scenario, fixed: fixed).reduce(1, *)
    }

    /// How many values each issue takes in the space, from the issues alone (no domain is
    /// built); refuses an issue search cannot enumerate.
    static func sizes(_ scenario: Scenario, fixed: [Int: Term]) throws(Problem) -> [Double] {
        var counts: [Double] = []
        for (i, issue) in scenario.issues.enumerated() {
            counts.append(fixed[i] != nil ? 1 : try count(issue))
        }
        return counts
    }

    /// How many values `issue` takes in the space; refuses an issue search cannot enumerate.
    static func count(_ issue: Issue) throws(Problem) -> Double {
        switch issue.kind {
        case .choice:
            return Double(issue.options.count)
        case .set:
            guard issue.options.count <= Self.maxSetOptions else {
                throw Problem(
                    message:
                        "The set issue '\(issue.id)' has \(issue.options.count) options, 2^\(issue.options.count) subsets, more than search enumerates for one issue (2^\(Self.maxSetOptions)); fix it with --fix \(issue.id)=a,b,c."
                )
            }
            return Double(UInt64(1) << UInt64(issue.options.count))
        case .number:
            guard let step = issue.step else {
                throw Problem(
                    message:
                        "The number issue '\(issue.id)' has no 'step', so search cannot enumerate it; add a step or fix it with --fix \(issue.id)=VALUE."
                )
            }
            let count = Self.gridCount(issue, step: step)
            // The loader refuses grids of more than 10 million values; this guards callers
            // that build issues themselves.
            guard count <= Double(1 << Self.maxSetOptions) else {
                throw Problem(
                    message:
                        "The number issue '\(issue.id)' has \(NumberFormat.grouped(count)) grid values, more than search enumerates for one issue; use a coarser step or fix it with --fix \(issue.id)=VALUE."
                )
            }
            return count
        }
    }

    /// The first value `issue` takes in the space: its first option, the empty set, `min`.
    static func firstTerm(_ issue: Issue) -> Term {
        switch issue.kind {
        case .choice: return .option(0)
        case .set: return .members(0)
        case .number: return .number(grid(issue, count: 1)[0])
        }
    }

    /// The number of grid values of a number issue: `min + k·step` for k = 0, 1, … while the
    /// value stays at most `max` (within a billionth of a step).
    static func gridCount(_ issue: Issue, step: Double) -> Double {
        var k = max(0, ((issue.maximum - issue.minimum) / step).rounded(.down))
        // Beyond 2^53 steps the grid's values are no longer distinct numbers (the loader refuses
        // such a step); no limit admits a space that large, so the estimate is answer enough.
        guard k < 0x1p53 else { return k + 1 }
        // The division may round either way, by a step or two at most: settle the last value by the
        // rule itself, on the values the grid gives (in decimals where `min` and `step` are short
        // decimals, so that 404.23 + 38 × 0.00000014 is 404.23000532, not a rounding step above).
        let slack = step * 1e-9, decimals = decimalScale(issue, step: step)
        for _ in 0..<4 where k > 0 && value(issue, step: step, Int(k), decimals) > issue.maximum + slack { k -= 1 }
        for _ in 0..<4 where value(issue, step: step, Int(k) + 1, decimals) <= issue.maximum + slack { k += 1 }
        return k + 1
    }

    /// `min` and `step` as whole numbers at a power of ten (`0.1` is 1 at scale 10), when both are
    /// decimals of at most 9 places: whole at that scale to a millionth and to a relative
    /// trillionth, so that 0.1 × 10 counts but a step of 5e-7 is not taken for 0, nor 1000.0000001
    /// for 1000.
    static func decimalScale(_ issue: Issue, step: Double) -> (min: Double, step: Double, scale: Double)? {
        var scale = 1.0
        for _ in 0...9 {
            defer { scale *= 10 }
            let m = (issue.minimum * scale).rounded(), s = (step * scale).rounded()
            func whole(_ rounded: Double, _ x: Double) -> Bool { abs(rounded - x) < 1e-6 && abs(rounded - x) <= 1e-12 * abs(x) }
            guard s != 0, whole(m, issue.minimum * scale), whole(s, step * scale) else { continue }
            return (m, s, scale)
        }
        return nil
    }

    /// `min + k·step`, in the decimals ``decimalScale(_:step:)`` found, else in doubles.
    static func value(_ issue: Issue, step: Double, _ k: Int, _ decimals: (min: Double, step: Double, scale: Double)?) -> Double {
        if let d = decimals {
            let exact = d.min + Double(k) * d.step
            // Beyond 2^53 the integers themselves are no longer exact: keep the plain sum.
            if abs(exact) < 0x1p53 { return exact / d.scale }
        }
        return issue.minimum + Double(k) * step
    }

    /// The first `count` grid values of a number issue, `min + k·step`, as the decimals a user
    /// would write: with `min` and `step` of at most 9 decimals, the sums are taken in those
    /// decimals, so that 0 + 3 × 0.1 is 0.3, not 0.30000000000000004 (which a package's `0.3`
    /// would not equal).
    static func grid(_ issue: Issue, count: Int) -> [Double] {
        let step = issue.step!, decimals = decimalScale(issue, step: step)
        return (0..<count).map { k in min(value(issue, step: step, k, decimals), issue.maximum) }
    }

    /// The terms of the package at `index`.
    public func terms(at index: UInt64) -> [Term] {
        var rest = index
        var terms = [Term](repeating: .option(0), count: domains.count)
        for i in domains.indices.reversed() {
            let n = UInt64(domains[i].count)
            terms[i] = domains[i][Int(rest % n)]
            rest /= n
        }
        return terms
    }

    /// Parses `ISSUE=VALUE` as `--fix` takes it: an option id, a number, or a comma-separated
    /// list of option ids (`none` or nothing for the empty set).
    public static func parseFix(_ text: String, in scenario: Scenario) -> Result<(Int, Term), Problem> {
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(Problem(message: "'--fix' takes ISSUE=VALUE, not '\(text)'."))
        }
        let id = String(text[..<eq]), value = String(text[text.index(after: eq)...])
        guard let i = scenario.issueIndex(id) else {
            let near = NameSuggestion.nearest(to: id, in: scenario.issues.map(\.id))
            return .failure(Problem(message: "There is no issue '\(id)' to fix." + (near.map { " Did you mean '\($0)'?" } ?? "")))
        }
        let issue = scenario.issues[i]
        func option(_ o: String) -> Result<Int, Problem> {
            if let k = issue.optionIndex(o) { return .success(k) }
            let near = NameSuggestion.nearest(to: o, in: issue.options.map(\.id))
            let advice = (near.map { " Did you mean '\($0)'?" } ?? "") + " Its options: \(issue.options.map(\.id).joined(separator: ", "))."
            return .failure(Problem(message: "'\(o)' is not an option of '\(id)'." + advice))
        }
        switch issue.kind {
        case .choice:
            return option(value).map { (i, .option($0)) }
        case .number:
            guard let x = decimalNumber(value), x >= issue.minimum, x <= issue.maximum else {
                return .failure(
                    Problem(
                        message:
                            "'\(id)' takes a number from \(NumberFormat.plain(issue.minimum)) to \(NumberFormat.plain(issue.maximum)), not '\(value)'."
                    ))
            }
            return .success((i, .number(x)))
        case .set:
            var mask: UInt64 = 0
            let parts = value == "none" ? [] : value.split(separator: ",").map(String.init)
            for part in parts {
                switch option(part) {
                case .success(let k):
                    // As in a package's terms, a member named twice is a slip, not a set.
                    guard mask & (1 << UInt64(k)) == 0 else {
                        return .failure(Problem(message: "'\(part)' is listed twice in '--fix \(text)'."))
                    }
                    mask |= 1 << UInt64(k)
                case .failure(let p): return .failure(p)
                }
            }
            return .success((i, .members(mask)))
        }
    }
}
