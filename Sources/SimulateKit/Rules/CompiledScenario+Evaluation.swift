extension CompiledScenario {
    /// Evaluates a package (one term per issue) for every party.
    public func evaluate(_ terms: [Term]) -> PackageEvaluation {
        let verdicts = parties.indices.map { evaluate(party: $0, terms) }
        return PackageEvaluation(
            verdicts: verdicts,
            viable: Self.viability(verdicts.filter(\.required).map(\.verdict)),
            viableLean: Self.viability(verdicts.filter(\.required).map(\.lean)))
    }

    static func viability(_ verdicts: [Verdict]) -> Viability {
        if verdicts.contains(.reject) { return .no }
        if verdicts.contains(.uncertain) { return .uncertain }
        return .yes
    }

    /// One party's verdict on a package, with its reasons.
    public func evaluate(party p: Int, _ terms: [Term]) -> PartyVerdict {
        let party = parties[p]
        var satisfactions: [SatisfactionReading] = []
        var violated: [Int] = []
        let a = assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
        var satisfaction: [Int: SatisfactionReading] = [:]
        for (k, d) in party.demands.enumerated() { satisfaction[d.position] = satisfactions[k] }
        let unmet = party.demands.indices
            .filter { satisfactions[$0].mid < 1 }
            .sorted { a, b in
                let wa = party.demands[a].weight.mid, wb = party.demands[b].weight.mid
                return wa != wb ? wa > wb : a < b
            }
            .map { party.demands[$0].position }
        return PartyVerdict(
            party: p, required: party.required.isRequired(for: terms), verdict: a.verdict, lean: a.lean,
            score: a.score, scoreRange: a.scoreRange, threshold: party.threshold, violatedRedLines: violated,
            unmetDemands: unmet, satisfaction: satisfaction)
    }

    /// A party's verdict, lean and score on a package, without the reasons: what search needs.
    /// `satisfactions` and `violated` are scratch buffers, refilled with each active demand's
    /// satisfaction and the positions of the violated red lines.
    func assess(party p: Int, _ terms: [Term], satisfactions: inout [SatisfactionReading], violated: inout [Int]) -> Assessment {
        // Read in place, not copied out: a copy of a party, a red line or a demand retains
        // every array it holds, which cost more than the rest of this on the shipped model.
        violated.removeAll(keepingCapacity: true)
        var certainViolation = false
        var leanViolation = false
        for k in parties[p].redLines.indices where parties[p].redLines[k].redLine.isViolated(by: terms) {
            violated.append(parties[p].redLines[k].position)
            let likelihood = parties[p].redLines[k].likelihood
            if likelihood >= 1 { certainViolation = true }
            if Evaluation.heldAtMidpoint(likelihood) { leanViolation = true }
        }
        satisfactions.removeAll(keepingCapacity: true)
        for k in parties[p].demands.indices { satisfactions.append(Self.satisfaction(parties[p].demands[k].satisfaction, terms)) }
        let mid = Self.midpointScore(parties[p].demands, satisfactions)
        var range = parties[p].isUncertain ? Self.scoreBounds(parties[p].demands, satisfactions) : Bounds(mid)
        // The midpoint reading is one of the readings; within rounding of it, report it.
        range.lo = range.lo > mid - 1e-12 ? mid : range.lo
        range.hi = range.hi < mid + 1e-12 ? mid : range.hi

        let threshold = parties[p].threshold
        let verdict: Verdict
        if violated.isEmpty && range.lo >= threshold.hi - tolerance {
            verdict = .accept
        } else if certainViolation || range.hi < threshold.lo - tolerance {
            verdict = .reject
        } else {
            verdict = .uncertain
        }
        let lean: Verdict = leanViolation || mid < threshold.mid - tolerance ? .reject : .accept
        return Assessment(verdict: verdict, lean: lean, score: mid, scoreRange: range)
    }

    /// A demand's satisfaction: its least, greatest and midpoint readings.
    static func satisfaction(_ s: Demand.Satisfaction, _ terms: [Term]) -> SatisfactionReading {
        switch s {
        case .wants(let p):
            return SatisfactionReading(Bounds(p.holds(terms) ? 1 : 0))
        case .choiceValues(let i, let values):
            guard case .option(let k) = terms[i] else { return SatisfactionReading(Bounds(0)) }
            return SatisfactionReading(values[k])
        case .setValues(let i, let values):
            guard case .members(let m) = terms[i] else { return SatisfactionReading(Bounds(0)) }
            var lo = 0.0, hi = 0.0, mid = 0.0
            var rest = m
            while rest != 0 {
                let k = rest.trailingZeroBitCount
                lo += values[k].lo
                hi += values[k].hi
                mid += values[k].mid
                rest &= rest - 1
            }
            return SatisfactionReading(lo: min(1, lo), mid: min(1, mid), hi: min(1, hi))
        case .curve(let i, let points):
            guard case .number(let x) = terms[i] else { return SatisfactionReading(Bounds(0)) }
            return SatisfactionReading(Curve.value(points, at: x))
        }
    }

    /// The score at the midpoint reading: midpoints of every range, positions with
    /// likelihood ≥ 0.5 held. Weights are normalised first and the terms summed in file
    /// order, so the score is bit-for-bit the weighted mean Σ(wᵢ/W)·sᵢ.
    static func midpointScore(_ demands: [ActiveDemand], _ s: [SatisfactionReading]) -> Double {
        var total = 0.0
        for d in demands where Evaluation.heldAtMidpoint(d.likelihood) { total += d.weight.mid }
        if total == 0 { return 1 }
        var score = 0.0
        for (k, d) in demands.enumerated() where Evaluation.heldAtMidpoint(d.likelihood) {
            score += d.weight.mid / total * s[k].mid
        }
        return score
    }

    /// The exact least and greatest score over every weight and satisfaction in its range and
    /// every subset of the uncertain demands.
    ///
    /// The score is a weighted mean, so it is least when low satisfactions carry their
    /// greatest weight and high ones their least (an uncertain demand's least weight is 0:
    /// not held). Sorting by satisfaction, the optimum gives the greatest weight to a prefix;
    /// prefix sums try every prefix in one pass.
    static func scoreBounds(_ demands: [ActiveDemand], _ s: [SatisfactionReading]) -> Bounds {
        Bounds(scoreExtreme(demands, s, least: true), scoreExtreme(demands, s, least: false))
    }

    /// The least (or greatest) score, as ``scoreBounds(_:_:)`` describes.
    static func scoreExtreme(_ demands: [ActiveDemand], _ s: [SatisfactionReading], least: Bool) -> Double {
        let n = demands.count
        return withUnsafeTemporaryAllocation(of: WeightedReading.self, capacity: max(n, 1)) { items in
            for k in 0..<n {
                let d = demands[k]
                items[k] = WeightedReading(s: least ? s[k].lo : s[k].hi, low: d.likelihood < 1 ? 0 : d.weight.lo, high: d.weight.hi)
            }
            return scoreExtreme(UnsafeMutableBufferPointer(rebasing: items[0..<n]), least: least)
        }
    }

    /// The least (or greatest) weighted mean of `items`, each weight anywhere in its range.
    /// Reorders `items`.
    static func scoreExtreme(_ items: UnsafeMutableBufferPointer<WeightedReading>, least: Bool) -> Double {
        // Insertion sort, stable: a party has a few demands, and the library's sort, generic
        // over its closure, cost more than the whole score on the shipped model.
        for k in items.indices.dropFirst() {
            let item = items[k]
            var j = k
            while j > 0 && (least ? items[j - 1].s > item.s : items[j - 1].s < item.s) {
                items[j] = items[j - 1]
                j -= 1
            }
            items[j] = item
        }
        // Cut c: items before c take their greatest weight, the rest their least.
        var num = 0.0, den = 0.0
        for item in items {
            num += item.low * item.s
            den += item.low
        }
        var best = den > 0 ? num / den : 1
        for item in items {
            let extra = item.high - item.low
            num += extra * item.s
            den += extra
            let score = den > 0 ? num / den : 1
            best = least ? min(best, score) : max(best, score)
        }
        return best
    }
}

/// A satisfaction reading with the range its weight may take (low 0: the demand may not be
/// held at all).
struct WeightedReading {
    var s: Double
    var low: Double
    var high: Double
}

/// A demand's satisfaction on one package: its least, greatest and midpoint readings.
///
/// The midpoint reading is kept apart because a capped sum (`values` on a set issue) read at
/// the midpoints, min(1, Σ midpoints), need not be the middle of its range.
public struct SatisfactionReading: Sendable {
    public var lo: Double
    public var mid: Double
    public var hi: Double

    init(_ b: Bounds) {
        lo = b.lo
        mid = b.mid
        hi = b.hi
    }

    init(lo: Double, mid: Double, hi: Double) {
        self.lo = lo
        self.mid = mid
        self.hi = hi
    }
}

/// Piecewise-linear curves through points, flat beyond the ends.
enum Curve {
    static func value(_ points: [CurvePoint], at x: Double) -> Bounds {
        guard let first = points.first, let last = points.last else { return Bounds(0) }
        if x <= first.x { return first.y }
        if x >= last.x { return last.y }
        for k in 1..<points.count where x <= points[k].x {
            let a = points[k - 1], b = points[k]
            let t = (x - a.x) / (b.x - a.x)
            return Bounds(a.y.lo + t * (b.y.lo - a.y.lo), a.y.hi + t * (b.y.hi - a.y.hi))
        }
        return last.y
    }
}
