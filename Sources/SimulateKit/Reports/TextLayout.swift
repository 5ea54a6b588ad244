/// Plain-text layout: padding, wrapping and colour for terminal reports.
struct TextLayout {
    /// The width reports wrap to.
    var width = 100
    /// Whether to colour (only on a terminal, never with NO_COLOR).
    var color = false

    enum Tone { case good, bad, doubtful, dim, strong }

    func paint(_ s: String, _ tone: Tone) -> String {
        guard color else { return s }
        let code: String
        switch tone {
        case .good: code = "32"
        case .bad: code = "31"
        case .doubtful: code = "33"
        case .dim: code = "2"
        case .strong: code = "1"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }

    /// `text` broken into lines of at most `width` characters, each after `indent`; the first
    /// line after `firstIndent` when given.
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var current = firstIndent ?? indent
        var currentHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if currentHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                currentHasWord = false
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        if currentHasWord || lines.isEmpty { lines.append(current) }
        return lines
    }
}
