/// A scenario fixed at one date and flattened for evaluation: only the active positions,
/// in flat arrays indexed by party.
///
/// Compile once, then evaluate any number of packages against it (the CLI's packages, or
/// every package of the search space).
public struct CompiledScenario: Sendable {
    /// An active red line of a party.
    public struct ActiveRedLine: Sendable {
        /// The index of the position in its party's `positions`.
        public var position: Int
        public var redLine: RedLine
        public var likelihood: Double
    }

    /// An active demand of a party.
    public struct ActiveDemand: Sendable {
        /// The index of the position in its party's `positions`.
        public var position: Int
        public var weight: Bounds
        public var satisfaction: Demand.Satisfaction
        public var likelihood: Double
    }

    /// A party's active positions.
    public struct CompiledParty: Sendable {
        public var required: Party.Requirement
        public var threshold: Bounds
        public var redLines: [ActiveRedLine]
        public var demands: [ActiveDemand]
        /// True when any range or likelihood below 1 can move this party's verdict.
        public var isUncertain: Bool
    }

    /// The scenario compiled.
    public let scenario: Scenario
    /// The date positions were selected for.
    public let asOf: Day
    public let parties: [CompiledParty]
    /// A score this close below a threshold still meets it (the format's 1e-9; 0 makes the
    /// comparison strict, as some peer tools do).
    public let tolerance: Double
    /// The issues that no active position (red line or demand, its condition included) and no
    /// party's requirement reads: packages that differ only in them evaluate the same for
    /// every party. Ascending.
    public let inertIssues: [Int]

    /// Compiles `scenario` for `asOf` (the CLI's `--as-of`, else the file's, else today).
    public init(_ scenario: Scenario, asOf: Day, tolerance: Double = Evaluation.tolerance) {
        self.scenario = scenario
        self.asOf = asOf
        self.tolerance = tolerance
        parties = scenario.parties.map { party in
            var redLines: [ActiveRedLine] = []
            var demands: [ActiveDemand] = []
            for (k, position) in party.positions.enumerated() where position.isActive(on: asOf) {
                switch position.kind {
                case .redLine(let r):
                    redLines.append(ActiveRedLine(position: k, redLine: r, likelihood: position.likelihood))
                case .demand(let d):
                    demands.append(ActiveDemand(position: k, weight: d.weight, satisfaction: d.satisfaction, likelihood: position.likelihood))
                }
            }
            let uncertain =
                !party.threshold.isExact
                || redLines.contains { $0.likelihood < 1 }
                || demands.contains { $0.likelihood < 1 || !$0.weight.isExact || !Self.isExact($0.satisfaction) }
            return CompiledParty(required: party.required, threshold: party.threshold, redLines: redLines, demands: demands, isUncertain: uncertain)
        }
        inertIssues = Self.inertIssues(parties, issueCount: scenario.issues.count)
    }

    /// The same scenario and date with other parties (a sampled reading, in sensitivity).
    init(_ base: CompiledScenario, parties: [CompiledParty]) {
        scenario = base.scenario
        asOf = base.asOf
        tolerance = base.tolerance
        self.parties = parties
        inertIssues = base.inertIssues
    }

    static func isExact(_ s: Demand.Satisfaction) -> Bool {
        switch s {
        case .wants: return true
        case .choiceValues(_, let v), .setValues(_, let v): return v.allSatisfy(\.isExact)
        case .curve(_, let points): return points.allSatisfy(\.y.isExact)
        }
    }
}

extension CompiledScenario {
    /// The ``inertIssues`` of these parties' active positions.
    static func inertIssues(_ parties: [CompiledParty], issueCount: Int) -> [Int] {
        var read = [Bool](repeating: false, count: issueCount)
        var issues: [Int] = []
        for party in parties {
            for r in party.redLines { issues += SearchPlan.issues(of: r.redLine) }
            for d in party.demands { issues += SearchPlan.issues(of: d) }
            if case .when(let predicate) = party.required { predicate.collectIssues(into: &issues) }
        }
        for i in issues { read[i] = true }
        return read.indices.filter { !read[$0] }
    }
}
