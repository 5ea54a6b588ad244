/// A number the sources may not settle: an exact value or a range `[lo, hi]`.
public struct Bounds: Hashable, Sendable {
    /// The least value.
    public var lo: Double
    /// The greatest value.
    public var hi: Double

    /// An exact value.
    public init(_ value: Double) {
        lo = value
        hi = value
    }

    /// A range; `lo` must not exceed `hi`.
    public init(_ lo: Double, _ hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// The midpoint, used for the lean and the headline score.
    public var mid: Double { lo == hi ? lo : (lo + hi) / 2 }
    /// True when the value is exact.
    public var isExact: Bool { lo == hi }
}
