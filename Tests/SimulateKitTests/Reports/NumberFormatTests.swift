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

    /// The refusal's estimate gives one figure when both ends read the same ("under a second",
    /// not "under a second to under a second").
    @Test func aSearchEstimateSaysOneFigureWhenItsEndsAgree() {
        #expect(SearchSpace.estimate(100) == "under a second")
        #expect(SearchSpace.estimate(1e12) == "17 minutes to 8 hours")
    }

    /// Two decimals as a person rounds the decimal a score stands for: halves away from zero,
    /// and a sum's binary noise ignored (0.675 held as 0.6749999999999999).
    @Test func scoresRoundAsTheDecimalTheyStandFor() {
        #expect(NumberFormat.score(0.6749999999999999) == "0.68")
        #expect(NumberFormat.score(0.45 + 0.225) == "0.68")
        #expect(NumberFormat.score(0.125) == "0.13")
        #expect(NumberFormat.score(1.005) == "1.01")
        #expect(NumberFormat.score(-0.675) == "-0.68")
        #expect(NumberFormat.score(-0.001) == "0.00")
        #expect(NumberFormat.score(0.494999999) == "0.49")
        #expect(NumberFormat.fixed(0.011600000000000015, 4) == "0.0116")
        #expect(NumberFormat.fixed(2.5, 0) == "3")
        #expect(NumberFormat.fixed(.infinity, 2) == "inf")
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
