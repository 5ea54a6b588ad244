/// Predicates and terms in words, for explanations: `crimea is recognized-russian`.
enum PredicateText {
    static func describe(_ p: Predicate, in scenario: Scenario) -> String {
        let issues = scenario.issues
        func names(_ i: Int, _ mask: UInt64) -> String {
            issues[i].options.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { issues[i].options[$0].id }
                .joined(separator: ", ")
        }
        switch p {
        case .choiceIn(let i, let mask):
            let count = mask.nonzeroBitCount
            if count == 1 { return "\(issues[i].id) is \(names(i, mask))" }
            let all = ScenarioDecoder.fullMask(issues[i].options.count)
            if (all & ~mask).nonzeroBitCount == 1 { return "\(issues[i].id) is not \(names(i, all & ~mask))" }
            return "\(issues[i].id) is one of \(names(i, mask))"
        case .numberIn(let i, let lo, let hi):
            let unit = issues[i].unit.map { " " + $0 } ?? ""
            if hi == .infinity { return "\(issues[i].id) is at least \(NumberFormat.plain(lo))\(unit)" }
            if lo == -.infinity { return "\(issues[i].id) is at most \(NumberFormat.plain(hi))\(unit)" }
            return "\(issues[i].id) is between \(NumberFormat.plain(lo)) and \(NumberFormat.plain(hi))\(unit)"
        case .includesAll(let i, let mask):
            return "\(issues[i].id) includes \(mask.nonzeroBitCount > 1 ? "all of " : "")\(names(i, mask))"
        case .includesAny(let i, let mask):
            return "\(issues[i].id) includes \(mask.nonzeroBitCount > 1 ? "any of " : "")\(names(i, mask))"
        case .excludes(let i, let mask):
            return "\(issues[i].id) excludes \(names(i, mask))"
        case .sizeIn(let i, let lo, let hi):
            if hi >= 64 { return "\(issues[i].id) has at least \(lo) member\(lo == 1 ? "" : "s")" }
            return "\(issues[i].id) has at most \(hi) member\(hi == 1 ? "" : "s")"
        case .all(let ps):
            return ps.isEmpty ? "always" : ps.map { group($0, scenario) }.joined(separator: " and ")
        case .any(let ps):
            return ps.isEmpty ? "never" : ps.map { group($0, scenario) }.joined(separator: " or ")
        case .not(let q):
            return "not (\(describe(q, in: scenario)))"
        }
    }

    private static func group(_ p: Predicate, _ scenario: Scenario) -> String {
        switch p {
        case .all, .any: return "(\(describe(p, in: scenario)))"
        default: return describe(p, in: scenario)
        }
    }

    /// A form of the predicate for telling whether two scenarios state the same test: option
    /// ids (sorted) rather than indices, no units, and no "is not" shorthand, whose reading
    /// depends on the options the issue has. Not for display.
    static func key(_ p: Predicate, in scenario: Scenario) -> String {
        let issues = scenario.issues
        func ids(_ i: Int, _ mask: UInt64) -> String {
            issues[i].options.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { issues[i].options[$0].id }.sorted()
                .joined(separator: ",")
        }
        switch p {
        case .choiceIn(let i, let mask): return "\(issues[i].id) in {\(ids(i, mask))}"
        case .numberIn(let i, let lo, let hi): return "\(issues[i].id) in [\(lo), \(hi)]"
        case .includesAll(let i, let mask): return "\(issues[i].id) includes all {\(ids(i, mask))}"
        case .includesAny(let i, let mask): return "\(issues[i].id) includes any {\(ids(i, mask))}"
        case .excludes(let i, let mask): return "\(issues[i].id) excludes {\(ids(i, mask))}"
        case .sizeIn(let i, let lo, let hi): return "\(issues[i].id) size [\(lo), \(hi)]"
        case .all(let ps): return "all(" + ps.map { key($0, in: scenario) }.joined(separator: "; ") + ")"
        case .any(let ps): return "any(" + ps.map { key($0, in: scenario) }.joined(separator: "; ") + ")"
        case .not(let q): return "not(" + key(q, in: scenario) + ")"
        }
    }

    /// ``key(_:in:)`` for a red line.
    static func key(_ r: RedLine, in scenario: Scenario) -> String { text(r) { key($0, in: scenario) } }

    /// A red line's rule in words: `forbids crimea is recognized-russian`.
    static func describe(_ r: RedLine, in scenario: Scenario) -> String { text(r) { describe($0, in: scenario) } }

    /// `if C, requires P` with each predicate written by `predicate`.
    private static func text(_ r: RedLine, _ predicate: (Predicate) -> String) -> String {
        var text: String
        switch r.rule {
        case .requires(let p): text = "requires " + predicate(p)
        case .forbids(let p): text = "forbids " + predicate(p)
        }
        if let c = r.condition { text = "if " + predicate(c) + ", " + text }
        return text
    }
}
