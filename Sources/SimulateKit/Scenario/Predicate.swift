/// A test over a package's terms, resolved to issue and option indices.
public indirect enum Predicate: Hashable, Sendable {
    /// A choice issue's option is one of a mask of options (`is`, `in`, `notIn`).
    case choiceIn(issue: Int, options: UInt64)
    /// A number issue lies in `[lo, hi]` (`atLeast`, `atMost`, `between`).
    case numberIn(issue: Int, lo: Double, hi: Double)
    /// A set issue contains every option of the mask (`includes`).
    case includesAll(issue: Int, options: UInt64)
    /// A set issue contains at least one option of the mask (`includesAny`).
    case includesAny(issue: Int, options: UInt64)
    /// A set issue contains none of the mask (`excludes`).
    case excludes(issue: Int, options: UInt64)
    /// A set issue's size lies in `[lo, hi]` (`sizeAtLeast`, `sizeAtMost`).
    case sizeIn(issue: Int, lo: Int, hi: Int)
    case all([Predicate])
    case any([Predicate])
    case not(Predicate)

    /// Whether the predicate holds for `terms` (one per issue, in issue order).
    @inlinable
    public func holds(_ terms: [Term]) -> Bool {
        switch self {
        case .choiceIn(let i, let mask):
            if case .option(let k) = terms[i] { return mask & (1 << UInt64(k)) != 0 }
            return false
        case .numberIn(let i, let lo, let hi):
            if case .number(let x) = terms[i] { return x >= lo && x <= hi }
            return false
        case .includesAll(let i, let mask):
            if case .members(let m) = terms[i] { return m & mask == mask }
            return false
        case .includesAny(let i, let mask):
            if case .members(let m) = terms[i] { return m & mask != 0 }
            return false
        case .excludes(let i, let mask):
            if case .members(let m) = terms[i] { return m & mask == 0 }
            return false
        case .sizeIn(let i, let lo, let hi):
            if case .members(let m) = terms[i] {
                let n = m.nonzeroBitCount
                return n >= lo && n <= hi
            }
            return false
        case .all(let ps):
            for p in ps where !p.holds(terms) { return false }
            return true
        case .any(let ps):
            for p in ps where p.holds(terms) { return true }
            return false
        case .not(let p):
            return !p.holds(terms)
        }
    }

    /// The issues the predicate reads, ascending, each once. (An array, not a `Set`: search
    /// builds its plan from these, and a first `Set<Int>` in a process costs a runtime
    /// conformance lookup that outweighs a small search.)
    public var issues: [Int] {
        var issues: [Int] = []
        collectIssues(into: &issues)
        issues.sort()
        return issues
    }

    /// Adds the issues the predicate reads to `issues`, skipping those already there.
    func collectIssues(into issues: inout [Int]) {
        switch self {
        case .choiceIn(let i, _), .numberIn(let i, _, _), .includesAll(let i, _), .includesAny(let i, _),
            .excludes(let i, _), .sizeIn(let i, _, _):
            if !issues.contains(i) { issues.append(i) }
        case .all(let ps), .any(let ps):
            for p in ps { p.collectIssues(into: &issues) }
        case .not(let p):
            p.collectIssues(into: &issues)
        }
    }
}
