/// How search ranks viable packages. Each reads the midpoint scores of the parties whose
/// agreement the package needs (the always-required parties and the conditional parties the
/// package names); a party not required for a package is left out of its value.
public enum Objective: String, Sendable, CaseIterable {
    /// The Nash product: Π (score − threshold) over the parties that must agree.
    case nash
    /// The least margin: min (score − threshold) over the parties that must agree.
    case maxmin
    /// Utilitarian welfare: Σ score over the parties that must agree.
    case welfare

    /// What the objective measures, in words.
    public var summary: String {
        switch self {
        case .nash: return "Nash product of (score − threshold)"
        case .maxmin: return "least margin, min (score − threshold)"
        case .welfare: return "welfare, the sum of scores"
        }
    }

    /// The objective's value for scores, thresholds and which parties are required.
    func value(scores: UnsafeBufferPointer<Double>, thresholds: [Double], required: UnsafeBufferPointer<Bool>) -> Double {
        switch self {
        case .nash:
            var product = 1.0
            for p in 0..<scores.count where required[p] { product *= scores[p] - thresholds[p] }
            return product
        case .maxmin:
            var least = Double.infinity
            for p in 0..<scores.count where required[p] { least = min(least, scores[p] - thresholds[p]) }
            // No party to agree: the most a margin can be, as an empty product is 1 for nash.
            return least == .infinity ? 1 : least
        case .welfare:
            var sum = 0.0
            for p in 0..<scores.count where required[p] { sum += scores[p] }
            return sum
        }
    }
}
