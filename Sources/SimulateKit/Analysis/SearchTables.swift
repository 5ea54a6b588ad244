/// The tables the search walk reads at every node, in memory of their own: plain pointers,
/// so that the walk does no bounds checks, reference counting or copy-on-write checks, and
/// no array type the process has not used yet (the runtime builds the metadata of each new
/// array type on first use, which costs more than a search of a few thousand packages).
///
/// Built once per search by ``SearchPlan`` and never changed after: shared by every worker.
final class SearchTables: @unchecked Sendable {
    let partyCount: Int
    /// Where each depth's values start among the rows of ``contribution``.
    let valueStart: UnsafeMutablePointer<Int>
    /// The number of values at each depth.
    let size: UnsafeMutablePointer<Int>
    /// The number of packages below a node at each depth (after its value is chosen).
    let below: UnsafeMutablePointer<UInt64>
    /// What value position k at depth d adds to the package index: `k * indexWeight[d]`
    /// (the index is the mixed-radix number of the positions in file order, last issue fastest).
    let indexWeight: UnsafeMutablePointer<UInt64>
    /// Additive parties: `contribution[(valueStart[depth] + value) * partyCount + party]`.
    let contribution: UnsafeMutablePointer<Double>
    /// Additive parties: the score before any issue has a term.
    let base: UnsafeMutablePointer<Double>
    /// Additive parties: a node at `level` is settled not viable, where the party is required,
    /// when its running score is below `need[level * partyCount + party]`, its lowest threshold
    /// less the tolerance, less the best the remaining depths can add, less a margin that
    /// covers any rounding difference between the two ways of adding.
    let need: UnsafeMutablePointer<Double>
    /// Additive parties: a package is rejected, where the party is required, when its running
    /// score is below this (the lowest threshold less the tolerance, less the margin when the
    /// running sum does not add in the evaluator's order).
    let leafNeed: UnsafeMutablePointer<Double>
    /// The always-required additive parties: the walk tests these first and most cheaply. A
    /// certain red line of one of these sets its running score to −∞ instead of a flag.
    let quick: UnsafeMutablePointer<Int>
    let quickCount: Int
    /// Whether each party is in ``quick``.
    let isQuick: UnsafeMutablePointer<Bool>
    /// Red lines over one or two issues, by the depth that decides them: records
    /// `checkStart[d] ..< checkStart[d + 1]` of ``checkParty`` (the party), ``checkOffset``
    /// (where its table starts in ``violations``) and ``checkOther`` (the depth of the other
    /// issue it reads, or −1).
    let checkStart: UnsafeMutablePointer<Int>
    let checkParty: UnsafeMutablePointer<Int>
    let checkOffset: UnsafeMutablePointer<Int>
    let checkOther: UnsafeMutablePointer<Int>
    /// The flags it sets when broken (``SearchPlan/flagBits(likelihood:)``).
    let checkBits: UnsafeMutablePointer<UInt8>
    /// Whether each value (or pair of values) violates a table red line: indexed by
    /// `offset + otherPosition * size + position`.
    let violations: UnsafeMutablePointer<Bool>

    /// The rounding margin of ``need`` and ``leafNeed``: running sums of at most a few hundred
    /// terms in [0, 1] differ from any other order of adding them by far less than this.
    static let margin = 1e-12

    init(
        sizes: [Int], below: [Int], indexWeight: [Int], partyCount: Int, valueStart: [Int], contribution: [Double], base: [Double],
        need: [Double], leafNeed: [Double], quick: [Int], isQuick: [Bool],
        checks: (start: [Int], party: [Int], offset: [Int], other: [Int], bits: [UInt8]),
        violations: [Bool]
    ) {
        self.partyCount = partyCount
        self.size = Self.copy(sizes)
        self.valueStart = Self.copy(valueStart)
        self.below = Self.copy(below.map { UInt64($0) })
        self.indexWeight = Self.copy(indexWeight.map { UInt64($0) })
        self.contribution = Self.copy(contribution)
        self.base = Self.copy(base)
        self.need = Self.copy(need)
        self.leafNeed = Self.copy(leafNeed)
        self.quick = Self.copy(quick)
        quickCount = quick.count
        self.isQuick = Self.copy(isQuick)
        checkStart = Self.copy(checks.start)
        checkParty = Self.copy(checks.party)
        checkOffset = Self.copy(checks.offset)
        checkOther = Self.copy(checks.other)
        checkBits = Self.copy(checks.bits)
        self.violations = Self.copy(violations)
    }

    deinit {
        size.deallocate()
        valueStart.deallocate()
        below.deallocate()
        indexWeight.deallocate()
        contribution.deallocate()
        base.deallocate()
        need.deallocate()
        leafNeed.deallocate()
        quick.deallocate()
        violations.deallocate()
        checkStart.deallocate()
        checkParty.deallocate()
        checkOffset.deallocate()
        checkOther.deallocate()
        checkBits.deallocate()
        isQuick.deallocate()
    }

    private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        for (k, v) in values.enumerated() { (p + k).initialize(to: v) }
        return p
    }
}
