/// A party's stated position: a hard red line or a weighted demand, with its evidence.
public struct Position: Sendable {
    /// Red line or demand.
    public enum Kind: Sendable {
        case redLine(RedLine)
        case demand(Demand)
    }

    public var id: String
    public var label: String?
    public var kind: Kind
    /// Active from this date (inclusive).
    public var since: Day?
    /// Active until this date (exclusive).
    public var until: Day?
    /// The chance that the party really holds this position, in (0, 1].
    public var likelihood: Double
    public var evidence: [Evidence]
    public var note: String?
    public var location: SourceLocation

    /// Whether the position is active on `day`.
    public func isActive(on day: Day) -> Bool {
        if let since, day < since { return false }
        if let until, !(day < until) { return false }
        return true
    }

    /// True for a red line.
    public var isRedLine: Bool {
        if case .redLine = kind { return true }
        return false
    }
}

/// A hard position: violated when its rule fails (`requires`) or holds (`forbids`), and only
/// when its condition (`if`) holds.
public struct RedLine: Hashable, Sendable {
    /// `requires: P` or `forbids: P`.
    public enum Rule: Hashable, Sendable {
        case requires(Predicate)
        case forbids(Predicate)
    }

    public var condition: Predicate?
    public var rule: Rule

    /// Whether a package with these terms violates the red line.
    public func isViolated(by terms: [Term]) -> Bool {
        if let condition, !condition.holds(terms) { return false }
        switch rule {
        case .requires(let p): return !p.holds(terms)
        case .forbids(let p): return p.holds(terms)
        }
    }
}

/// A soft, weighted position; its satisfaction is a number in [0, 1].
public struct Demand: Hashable, Sendable {
    /// How satisfaction is read from a package.
    public enum Satisfaction: Hashable, Sendable {
        /// 1 when the predicate holds, else 0.
        case wants(Predicate)
        /// A choice issue: the chosen option's value (0 when unlisted).
        case choiceValues(issue: Int, values: [Bounds])
        /// A set issue: the sum over the members present, capped at 1.
        case setValues(issue: Int, values: [Bounds])
        /// A number issue: piecewise-linear through the points, flat beyond the ends.
        case curve(issue: Int, points: [CurvePoint])
    }

    public var weight: Bounds
    public var satisfaction: Satisfaction

    /// The issue a `values` or `curve` demand reads, or nil for `wants`.
    public var issue: Int? {
        switch satisfaction {
        case .wants: return nil
        case .choiceValues(let i, _), .setValues(let i, _), .curve(let i, _): return i
        }
    }
}

/// One point of a demand's curve.
public struct CurvePoint: Hashable, Sendable {
    public var x: Double
    public var y: Bounds
}

/// A verbatim quote from a source document that grounds a position or a package.
public struct Evidence: Sendable {
    public var source: String
    public var quote: String
    public var speaker: String?
    public var date: Day?
    public var note: String?
    public var location: SourceLocation
    /// Where `quote` stands in the scenario file.
    public var quoteLocation: SourceLocation
    /// Where `source` stands in the scenario file.
    public var sourceLocation: SourceLocation
}
