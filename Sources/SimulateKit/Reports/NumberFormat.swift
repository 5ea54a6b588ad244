import Foundation

/// Number formatting shared by every report, so that the same value reads the same everywhere.
enum NumberFormat {
    /// A number as a person writes it: `15`, `0.6`, `2.25`.
    static func plain(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A duration read at a glance: `2.41 s`, `38 ms`, `0.14 ms`.
    static func duration(_ seconds: Double) -> String {
        if seconds >= 1 { return fixed(seconds, 2) + " s" }
        if seconds >= 0.01 { return fixed(seconds * 1000, 0) + " ms" }
        return fixed(seconds * 1000, 2) + " ms"
    }

    /// A long duration in the largest unit that keeps it above one: `40 s`, `9 minutes`,
    /// `11 hours`, `4 days`, `3 years`. For estimates, not measurements.
    static func roughDuration(_ seconds: Double) -> String {
        guard seconds < 1e6 * 365 * 86400 else { return "over a million years" }
        let units: [(Double, String)] = [(365 * 86400, "year"), (86400, "day"), (3600, "hour"), (60, "minute")]
        for (size, name) in units where seconds >= 2 * size {
            return NumberFormat.count(UInt64((seconds / size).rounded()), name)
        }
        return seconds < 1 ? "under a second" : NumberFormat.count(UInt64(seconds.rounded()), "second")
    }

    /// A score with two decimals: `0.71`.
    static func score(_ x: Double) -> String { fixed(x, 2) }

    /// A judgement given as a number or a range: `3`, `0.3–0.8`.
    static func bounds(_ b: Bounds) -> String { b.isExact ? plain(b.lo) : "\(plain(b.lo))–\(plain(b.hi))" }

    /// A threshold, in the two decimals of the scores it is compared with: `0.50`, `0.45–0.55`.
    static func threshold(_ b: Bounds) -> String { b.isExact ? score(b.lo) : "\(score(b.lo))–\(score(b.hi))" }

    /// A score beside the threshold ends it is compared with: two decimals, or as many more
    /// (up to twelve) as it takes to tell it from an end it misses or clears by more than the
    /// tolerance, so that a shortfall never reads `0.50 < 0.50`.
    static func score(_ x: Double, against ends: [Double], tolerance: Double) -> String {
        for digits in 2...12 {
            let text = fixed(x, digits)
            if !ends.contains(where: { abs($0 - x) > tolerance && fixed($0, digits) == text }) { return text }
        }
        return fixed(x, 12)
    }

    /// `x` with `digits` decimals, never `-0.00`, rounded as a person rounds the decimal `x`
    /// stands for: halves away from zero, and the binary noise of a sum ignored, so that 0.675
    /// stored as 0.6749999999999999 reads 0.68 and 0.125 reads 0.13 (printf gives 0.67, 0.12).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        // The double nearest the 15-significant-digit decimal of `y`: a sum's noise is beyond it.
        func decimal(_ y: Double) -> Double { Double(String(format: "%.15g", y)) ?? y }
        let scale = pow(10, Double(digits))
        let scaled = decimal(decimal(x) * scale)
        var s =
            x.isFinite && abs(scaled) < 1e15
            ? String(format: "%.\(digits)f", scaled.rounded(.toNearestOrAwayFromZero) / scale) : String(format: "%.\(digits)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}

extension NumberFormat {
    /// A count with thousands separators: `1,048,576`; past 10^15, `3.2e+13` style.
    static func grouped(_ x: Double) -> String {
        guard x < 1e15 else { return String(format: "%.2g", x) }
        return grouped(UInt64(x))
    }

    /// A count and its noun: `1 package`, `8,193 packages`, `2 parties`.
    static func count(_ n: some BinaryInteger, _ one: String, _ many: String? = nil) -> String {
        "\(grouped(UInt64(n))) \(n == 1 ? one : many ?? one + "s")"
    }

    /// As ``count(_:_:_:)`` for a count held as a Double (a space's size).
    static func count(_ x: Double, _ one: String, _ many: String? = nil) -> String {
        "\(grouped(x)) \(x == 1 ? one : many ?? one + "s")"
    }

    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
