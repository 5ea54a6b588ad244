/// How fragile the verdicts are: the ranges and likelihoods sampled many times with a given
/// seed, and how often each party accepts each package and each package is viable.
///
/// A sample draws every range uniformly between its ends (weights, thresholds, `values` entries,
/// curve points) and holds each position with its likelihood; the same sample applies to every
/// package. The verdict bounds stay exact: a certain ACCEPT is accepted in every sample and a
/// certain REJECT in none; sampling says how an UNCERTAIN verdict tends to fall.
///
/// Each drawn number comes from the seed, the sample's number and the name of what is drawn
/// (party, position, which value), not from one stream: two scenarios that share a position draw
/// the same values for it in every sample (common random numbers). A what-if's shares then differ
/// from its base's only through what the what-if changes, not through a reshuffled stream.
struct Sensitivity: Sendable {
    let compiled: CompiledScenario
    private(set) var packages: [Int]
    let samples: Int
    let seed: UInt64
    /// `accepted[n][p]`: in how many samples party p accepted package `packages[n]`.
    private(set) var accepted: [[Int]]
    /// `viable[n]`: in how many samples every party package `packages[n]` needs accepted.
    private(set) var viable: [Int]
    /// The exact evaluation of each package, for its verdicts and requirements.
    let evaluations: [PackageEvaluation]

    /// Samples the scenario's packages at `packages` (indices into its packages).
    init(_ compiled: CompiledScenario, packages: [Int], samples: Int, seed: UInt64) {
        self.init(compiled, terms: packages.map { compiled.scenario.packages[$0].terms }, samples: samples, seed: seed)
        self.packages = packages
    }

    /// Samples packages given by their terms (search's best uncertain packages); `packages` is
    /// then empty.
    init(_ compiled: CompiledScenario, terms: [[Term]], samples: Int, seed: UInt64) {
        self.compiled = compiled
        self.packages = []
        self.samples = samples
        self.seed = seed
        evaluations = terms.map { compiled.evaluate($0) }
        accepted = Array(repeating: Array(repeating: 0, count: compiled.parties.count), count: terms.count)
        viable = Array(repeating: 0, count: terms.count)
        let names = Self.names(compiled)
        var satisfactions: [SatisfactionReading] = []
        var violated: [Int] = []
        for number in 0..<samples {
            let sample = Self.draw(compiled, names: names, stream: Stream(seed: seed, sample: UInt64(number)))
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

    /// The uniform numbers of one sample, each named by a key.
    struct Stream {
        let base: UInt64

        init(seed: UInt64, sample: UInt64) { base = SplitMix64.mix(SplitMix64.mix(seed) ^ sample) }

        /// A number in [0, 1) for the quantity named `key`.
        func uniform(_ key: UInt64) -> Double { Double(SplitMix64.mix(base ^ key) >> 11) * 0x1p-53 }
    }

    /// The key of a quantity's name: 64-bit FNV-1a of its UTF-8 text.
    static func key(_ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The keys of what a sample draws, named by ids so that they survive a what-if's edits:
    /// per party its threshold, and per active position whether it is held, its weight, and each
    /// `values` entry (by option id) or curve point (by x).
    struct Names {
        var threshold: [UInt64]
        var redLineHeld: [[UInt64]]
        var demandHeld: [[UInt64]], demandWeight: [[UInt64]]
        var demandValues: [[[UInt64]]]
    }

    static func names(_ compiled: CompiledScenario) -> Names {
        let scenario = compiled.scenario
        var names = Names(threshold: [], redLineHeld: [], demandHeld: [], demandWeight: [], demandValues: [])
        for (p, party) in compiled.parties.enumerated() {
            let partyID = scenario.parties[p].id
            func name(_ position: Int, _ what: String) -> UInt64 {
                key("\(partyID)\u{0}\(scenario.parties[p].positions[position].id)\u{0}\(what)")
            }
            names.threshold.append(key("\(partyID)\u{0}threshold"))
            names.redLineHeld.append(party.redLines.map { name($0.position, "held") })
            names.demandHeld.append(party.demands.map { name($0.position, "held") })
            names.demandWeight.append(party.demands.map { name($0.position, "weight") })
            names.demandValues.append(
                party.demands.map { d in
                    switch d.satisfaction {
                    case .wants: return []
                    case .choiceValues(let i, let values), .setValues(let i, let values):
                        let options = scenario.issues[i].options
                        return values.indices.map { name(d.position, "values\u{0}\($0 < options.count ? options[$0].id : String($0))") }
                    case .curve(_, let points):
                        return points.map { name(d.position, "curve\u{0}\($0.x)") }
                    }
                })
        }
        return names
    }

    /// One reading of every range and likelihood, as an exact compiled scenario.
    static func draw(_ compiled: CompiledScenario, names: Names, stream: Stream) -> CompiledScenario {
        func value(_ b: Bounds, _ key: UInt64) -> Bounds {
            b.isExact ? b : Bounds(b.lo + stream.uniform(key) * (b.hi - b.lo))
        }
        func held(_ likelihood: Double, _ key: UInt64) -> Bool {
            likelihood >= 1 || stream.uniform(key) < likelihood
        }
        let parties = compiled.parties.enumerated().map { p, party -> CompiledScenario.CompiledParty in
            var party = party
            party.threshold = value(party.threshold, names.threshold[p])
            party.redLines = party.redLines.indices.filter { held(party.redLines[$0].likelihood, names.redLineHeld[p][$0]) }.map { k in
                var r = party.redLines[k]
                r.likelihood = 1
                return r
            }
            party.demands = party.demands.indices.filter { held(party.demands[$0].likelihood, names.demandHeld[p][$0]) }.map { k in
                var d = party.demands[k]
                let keys = names.demandValues[p][k]
                d.likelihood = 1
                d.weight = value(d.weight, names.demandWeight[p][k])
                switch d.satisfaction {
                case .wants: break
                case .choiceValues(let i, let values):
                    d.satisfaction = .choiceValues(issue: i, values: values.indices.map { value(values[$0], keys[$0]) })
                case .setValues(let i, let values):
                    d.satisfaction = .setValues(issue: i, values: values.indices.map { value(values[$0], keys[$0]) })
                case .curve(let i, let points):
                    d.satisfaction = .curve(issue: i, points: points.indices.map { CurvePoint(x: points[$0].x, y: value(points[$0].y, keys[$0])) })
                }
                return d
            }
            party.isUncertain = false
            return party
        }
        return CompiledScenario(compiled, parties: parties)
    }
}
