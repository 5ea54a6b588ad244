/// How fragile the verdicts are: the ranges and likelihoods sampled many times with a given
/// seed, and how often each party accepts each package and each package is viable.
///
/// A sample draws every range uniformly between its ends (weights, thresholds, `values` entries,
/// curve points) and holds each position with its likelihood; the same sample applies to every
/// package. The verdict bounds stay exact: a certain ACCEPT is accepted in every sample and a
/// certain REJECT in none; sampling says how an UNCERTAIN verdict tends to fall.
struct Sensitivity: Sendable {
    let compiled: CompiledScenario
    let packages: [Int]
    let samples: Int
    let seed: UInt64
    /// `accepted[n][p]`: in how many samples party p accepted package `packages[n]`.
    private(set) var accepted: [[Int]]
    /// `viable[n]`: in how many samples every party package `packages[n]` needs accepted.
    private(set) var viable: [Int]
    /// The exact evaluation of each package, for its verdicts and requirements.
    let evaluations: [PackageEvaluation]

    init(_ compiled: CompiledScenario, packages: [Int], samples: Int, seed: UInt64) {
        self.compiled = compiled
        self.packages = packages
        self.samples = samples
        self.seed = seed
        let scenario = compiled.scenario
        let terms = packages.map { scenario.packages[$0].terms }
        evaluations = terms.map { compiled.evaluate($0) }
        accepted = Array(repeating: Array(repeating: 0, count: compiled.parties.count), count: packages.count)
        viable = Array(repeating: 0, count: packages.count)
        var rng = SplitMix64(seed: seed)
        var satisfactions: [SatisfactionReading] = []
        var violated: [Int] = []
        for _ in 0..<samples {
            let sample = Self.draw(compiled, &rng)
            for (n, t) in terms.enumerated() {
                var allRequired = true
                for p in compiled.parties.indices {
                    let accepts = sample.assess(party: p, t, satisfactions: &satisfactions, violated: &violated).verdict == .accept
                    if accepts { accepted[n][p] += 1 }
                    if !accepts && evaluations[n].verdicts[p].required { allRequired = false }
                }
                if allRequired { viable[n] += 1 }
            }
        }
    }

    /// One reading of every range and likelihood, as an exact compiled scenario.
    static func draw(_ compiled: CompiledScenario, _ rng: inout SplitMix64) -> CompiledScenario {
        func value(_ b: Bounds) -> Bounds {
            b.isExact ? b : Bounds(Double.random(in: b.lo...b.hi, using: &rng))
        }
        func held(_ likelihood: Double) -> Bool {
            likelihood >= 1 || Double.random(in: 0..<1, using: &rng) < likelihood
        }
        let parties = compiled.parties.map { party -> CompiledScenario.CompiledParty in
            var party = party
            party.threshold = value(party.threshold)
            party.redLines = party.redLines.filter { held($0.likelihood) }.map { r in
                var r = r
                r.likelihood = 1
                return r
            }
            party.demands = party.demands.filter { held($0.likelihood) }.map { d in
                var d = d
                d.likelihood = 1
                d.weight = value(d.weight)
                switch d.satisfaction {
                case .wants: break
                case .choiceValues(let i, let values): d.satisfaction = .choiceValues(issue: i, values: values.map(value))
                case .setValues(let i, let values): d.satisfaction = .setValues(issue: i, values: values.map(value))
                case .curve(let i, let points):
                    d.satisfaction = .curve(issue: i, points: points.map { CurvePoint(x: $0.x, y: value($0.y)) })
                }
                return d
            }
            party.isUncertain = false
            return party
        }
        return CompiledScenario(compiled, parties: parties)
    }
}
