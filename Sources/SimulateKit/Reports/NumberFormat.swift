import Foundation

/// Number formatting shared by every report, so that the same value reads the same everywhere.
enum NumberFormat {
    /// A number as a person writes it: `15`, `0.6`, `2.25`.
    static func plain(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A score with two decimals: `0.71`.
    static func score(_ x: Double) -> String { fixed(x, 2) }

    /// `x` with `digits` decimals, never `-0.00`.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        let s = String(format: "%.\(digits)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }
}
