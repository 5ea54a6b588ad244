import Foundation

/// A share of the space estimated from packages drawn uniformly at random: `hits` of
/// `samples`, with the Wilson score interval at 95% confidence. Bounded searches estimate the
/// shares they do not count this way.
public struct ShareEstimate: Sendable, Equatable {
    public var hits: Int
    public var samples: Int

    /// The sampled share.
    public var share: Double { samples > 0 ? Double(hits) / Double(samples) : 0 }

    /// The 95% Wilson score interval of the share: never below 0 or above 1, and not empty
    /// when no sample (or every sample) hits.
    public var interval: (lo: Double, hi: Double) {
        guard samples > 0 else { return (0, 1) }
        let n = Double(samples), p = share, z = 1.959963984540054
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (hits == 0 ? 0 : max(0, centre - half), hits == samples ? 1 : min(1, centre + half))
    }

    /// `about 1.2% of the space (95%: 1.0–1.4%)`, or `none of 10,000 random packages (under
    /// 0.04% of the space, 95%)`.
    public var phrase: String {
        let (lo, hi) = interval
        if hits == 0 {
            return "none of \(NumberFormat.grouped(UInt64(samples))) random packages (under \(Self.percent(hi)) of the space, 95%)"
        }
        return "about \(Self.percent(share)) of the space (95%: \(Self.percent(lo, unit: false))–\(Self.percent(hi)))"
    }

    /// A share in percent to two significant figures: `12%`, `1.2%`, `0.037%`.
    static func percent(_ x: Double, unit: Bool = true) -> String {
        let p = x * 100
        let text: String
        if x < 1 && p >= 99.5 {
            // Not 100: some package missed.
            text = String(format: "%.1f", min(p, 99.9))
        } else if p >= 9.95 {
            text = String(Int(p.rounded()))
        } else if p <= 0 {
            text = "0"
        } else {
            let digits = max(1, 1 - Int(floor(log10(p))))
            text = String(format: "%.\(digits)f", p)
        }
        return unit ? text + "%" : text
    }
}
