import Testing

@testable import SimulateKit

/// Counts and durations as the reports write them.
struct NumberFormatTests {
    @Test func countsAgreeWithTheirNouns() {
        #expect(NumberFormat.count(1, "issue") == "1 issue")
        #expect(NumberFormat.count(0, "issue") == "0 issues")
        #expect(NumberFormat.count(2, "party", "parties") == "2 parties")
        #expect(NumberFormat.count(8193.0, "package") == "8,193 packages")
        #expect(NumberFormat.count(1.0, "package") == "1 package")
    }

    /// Estimates of long searches: the largest unit that stays above one, and no trap for sizes
    /// past what a count holds (it used to convert 1e40 seconds to an integer).
    @Test func roughDurationsPickTheirUnitAndNeverTrap() {
        #expect(NumberFormat.roughDuration(0.2) == "under a second")
        #expect(NumberFormat.roughDuration(40) == "40 seconds")
        #expect(NumberFormat.roughDuration(540) == "9 minutes")
        #expect(NumberFormat.roughDuration(11 * 3600) == "11 hours")
        #expect(NumberFormat.roughDuration(4 * 86400) == "4 days")
        #expect(NumberFormat.roughDuration(1e40) == "over a million years")
        #expect(NumberFormat.roughDuration(.infinity) == "over a million years")
    }

    /// A score that misses or clears a threshold end by less than the two decimals show gets
    /// the decimals that tell them apart; one within the tolerance reads as equal.
    @Test func aScoreNextToItsThresholdShowsTheDifference() {
        #expect(NumberFormat.score(0.4992, against: [0.5, 0.5], tolerance: 1e-9) == "0.499")
        #expect(NumberFormat.score(0.50004, against: [0.5], tolerance: 1e-9) == "0.50004")
        #expect(NumberFormat.score(0.5 - 1e-10, against: [0.5], tolerance: 1e-9) == "0.50")
        #expect(NumberFormat.score(0.47, against: [0.3, 0.5], tolerance: 1e-9) == "0.47")
        #expect(NumberFormat.score(0.5 - 1e-8, against: [0.5], tolerance: 1e-9) == "0.49999999")
        #expect(NumberFormat.score(0.4999999, against: [0.5], tolerance: 1e-9) == "0.4999999")
    }
}
