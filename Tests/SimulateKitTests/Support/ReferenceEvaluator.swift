@testable import SimulateKit

/// The obviously correct, slow reading of the verdict rules: try every corner of every range
/// and every subset of the uncertain positions, and see what the party does in each.
enum ReferenceEvaluator {
    struct Result: Equatable {
        var verdict: Verdict
        var lean: Verdict
        var score: Double
        var scoreLo: Double
        var scoreHi: Double
        var violated: [Int]
        var unmet: [Int]
        var required: Bool
    }

    /// One binary choice: which end of a range, or whether a position is held.
    private struct Dimensions {
        var count = 0
        mutating func next() -> Int {
            count += 1
            return count - 1
        }
    }

    static func evaluate(_ scenario: Scenario, asOf: Day, party p: Int, _ terms: [Term]) -> Result {
        let party = scenario.parties[p]
        let active = party.positions.enumerated().filter { $0.element.isActive(on: asOf) }
        var dims = Dimensions()
        let thresholdDim = party.threshold.isExact ? nil : dims.next()
        // Per active position: its held dimension, weight dimension and satisfaction dimensions.
        var heldDim: [Int: Int] = [:]
        var weightDim: [Int: Int] = [:]
        var valueDims: [Int: [(Bounds, Int?)]] = [:]
        for (k, position) in active {
            if position.likelihood < 1 { heldDim[k] = dims.next() }
            guard case .demand(let d) = position.kind else { continue }
            if !d.weight.isExact { weightDim[k] = dims.next() }
            var ranges: [(Bounds, Int?)] = []
            switch d.satisfaction {
            case .wants: break
            case .choiceValues(let i, let values):
                if case .option(let o) = terms[i] { ranges.append((values[o], values[o].isExact ? nil : dims.next())) }
            case .setValues(let i, let values):
                if case .members(let m) = terms[i] {
                    for o in values.indices where m & (1 << UInt64(o)) != 0 {
                        ranges.append((values[o], values[o].isExact ? nil : dims.next()))
                    }
                }
            case .curve(_, let points):
                for point in points { ranges.append((point.y, point.y.isExact ? nil : dims.next())) }
            }
            valueDims[k] = ranges
        }

        func pickEnd(_ b: Bounds, _ dim: Int?, _ bits: Int?) -> Double {
            guard let bits else { return b.mid }
            guard let dim else { return b.lo }
            return bits & (1 << dim) != 0 ? b.hi : b.lo
        }

        /// The satisfaction of demand `k` when range ends are chosen by `bits` (nil: midpoints).
        func satisfaction(_ k: Int, _ d: Demand, _ bits: Int?) -> Double {
            let ranges = valueDims[k] ?? []
            switch d.satisfaction {
            case .wants(let pred): return pred.holds(terms) ? 1 : 0
            case .choiceValues(let i, _):
                guard case .option = terms[i] else { return 0 }
                return pickEnd(ranges[0].0, ranges[0].1, bits)
            case .setValues:
                return min(1, ranges.reduce(0) { $0 + pickEnd($1.0, $1.1, bits) })
            case .curve(let i, let points):
                guard case .number(let x) = terms[i] else { return 0 }
                let ys = ranges.map { pickEnd($0.0, $0.1, bits) }
                if x <= points[0].x { return ys[0] }
                for j in 1..<points.count where x <= points[j].x {
                    let t = (x - points[j - 1].x) / (points[j].x - points[j - 1].x)
                    return ys[j - 1] + t * (ys[j] - ys[j - 1])
                }
                return ys[ys.count - 1]
            }
        }

        /// Accept or reject, and the score, for one reading (nil bits: the midpoint reading).
        func reading(_ bits: Int?) -> (accept: Bool, score: Double) {
            var redLineViolated = false
            var num = 0.0, den = 0.0
            for (k, position) in active {
                let held: Bool
                if let bits, let dim = heldDim[k] {
                    held = bits & (1 << dim) != 0
                } else if bits == nil {
                    held = position.likelihood >= 0.5
                } else {
                    held = true
                }
                guard held else { continue }
                switch position.kind {
                case .redLine(let r): if r.isViolated(by: terms) { redLineViolated = true }
                case .demand(let d):
                    let w = pickEnd(d.weight, weightDim[k], bits)
                    num += w * satisfaction(k, d, bits)
                    den += w
                }
            }
            let score = den == 0 ? 1 : num / den
            let threshold = pickEnd(party.threshold, thresholdDim, bits)
            return (!redLineViolated && score >= threshold - 1e-9, score)
        }

        var accepts = 0, rejects = 0
        var lo = Double.infinity, hi = -Double.infinity
        for bits in 0..<(1 << dims.count) {
            let r = reading(bits)
            if r.accept { accepts += 1 } else { rejects += 1 }
            lo = min(lo, r.score)
            hi = max(hi, r.score)
        }
        let mid = reading(nil)
        let violated = active.filter { if case .redLine(let r) = $0.element.kind { return r.isViolated(by: terms) } else { return false } }.map(
            \.offset)
        let unmet = active.compactMap { k, position -> (Int, Double)? in
            guard case .demand(let d) = position.kind, satisfaction(k, d, nil) < 1 else { return nil }
            return (k, d.weight.mid)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
        return Result(
            verdict: rejects == 0 ? .accept : accepts == 0 ? .reject : .uncertain,
            lean: mid.accept ? .accept : .reject,
            score: mid.score, scoreLo: min(lo, mid.score), scoreHi: max(hi, mid.score),
            violated: violated, unmet: unmet, required: party.required.isRequired(for: terms))
    }
}
