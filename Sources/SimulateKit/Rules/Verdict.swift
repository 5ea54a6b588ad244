/// A party's answer to a package.
public enum Verdict: String, Sendable, Hashable {
    /// Accepts for every reading of the ranges and of which uncertain positions are held.
    case accept
    /// Rejects for every such reading.
    case reject
    /// Accepts for some readings and rejects for others.
    case uncertain
}

/// Whether every party required for a package accepts it.
public enum Viability: String, Sendable, Hashable {
    case yes, no, uncertain
}

/// One party's verdict on one package, with everything needed to explain it.
public struct PartyVerdict: Sendable {
    /// The party's index in the scenario.
    public var party: Int
    /// Whether the party's agreement is needed for this package.
    public var required: Bool
    public var verdict: Verdict
    /// The verdict at the midpoint reading (range midpoints; positions with likelihood ≥ 0.5
    /// held). Never `uncertain`.
    public var lean: Verdict
    /// The score at the midpoint reading.
    public var score: Double
    /// The exact least and greatest score over the ranges and the uncertain demands.
    public var scoreRange: Bounds
    public var threshold: Bounds
    /// Indices (into the party's positions) of every active red line the package violates.
    public var violatedRedLines: [Int]
    /// Indices of the active demands with satisfaction below 1, heaviest first.
    public var unmetDemands: [Int]
    /// The satisfaction of every active demand (least, midpoint, greatest), by position index.
    public var satisfaction: [Int: SatisfactionReading]

    /// True when the midpoint score is below the midpoint threshold.
    public var scoreFallsShort: Bool { score < threshold.mid - Evaluation.tolerance }
}

/// Every party's verdict on one package, and the package's viability.
public struct PackageEvaluation: Sendable {
    public var verdicts: [PartyVerdict]
    public var viable: Viability
    /// The viability at the midpoint reading.
    public var viableLean: Viability
}

/// Shared constants of the rules.
public enum Evaluation {
    /// Scores are compared with thresholds with this tolerance (the format's 1e-9).
    public static let tolerance = 1e-9

    /// Whether a position of this likelihood is held at the midpoint reading, the one the lean
    /// reads.
    static func heldAtMidpoint(_ likelihood: Double) -> Bool { likelihood >= 0.5 }
}

/// A party's verdict, lean and score on a package, without the reasons.
struct Assessment: Sendable {
    var verdict: Verdict
    var lean: Verdict
    var score: Double
    var scoreRange: Bounds
}
