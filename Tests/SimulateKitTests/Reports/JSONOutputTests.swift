import Testing

@testable import SimulateKit

/// Numbers as the JSON reports write them.
struct JSONOutputTests {
    /// Every finite double is written so that it reads back as the same double (a program can
    /// compare a score with its threshold exactly as the tool did); whole numbers are written
    /// without a fraction, and what is not finite is `null`.
    @Test(arguments: 0..<20)
    func numbersReadBackAsTheSameDouble(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        var values: [Double] = [
            0.1 + 0.2, 0.36000000000000004, 1e-7, 1e20, 1e15, 999_999_999_999_999, -2.5, 5, .ulpOfOne, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude,
        ]
        while values.count < 200 {
            let x = Double(bitPattern: rng.next())
            if x.isFinite { values.append(x) }
        }
        for x in values {
            let text = JSONOutput.number(x).rendered()
            let parsed = try JSONParser.parse(Array(text.utf8), file: "out.json")
            guard case .number(let y, let source) = parsed.kind else {
                Issue.record("\(x) was written as \(text)")
                continue
            }
            // -0 is written as 0: the same value, without its sign.
            #expect(y == x && (y.bitPattern == x.bitPattern || x == 0), "\(x) was written as \(source)")
            if x == x.rounded() && abs(x) < 1e15 { #expect(!source.contains(".") && !source.contains("e"), "\(source)") }
        }
        for x in [Double.nan, .infinity, -.infinity] { #expect(JSONOutput.number(x).rendered() == "null\n") }
    }
}
