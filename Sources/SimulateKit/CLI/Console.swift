/// Where a command writes: standard output and standard error, gathered so that tests can
/// run commands in-process and read what they print.
public struct Console: Sendable {
    /// Everything written to standard output.
    public var out = ""
    /// Everything written to standard error.
    public var err = ""
    /// True when standard output is a terminal and colour is allowed.
    public var color = false
    /// True when standard error is a terminal (progress lines are shown then).
    public var errIsTerminal = false
    /// Called with each progress line for standard error, so long runs report as they go.
    public var progress: (@Sendable (String) -> Void)?

    public init(color: Bool = false) {
        self.color = color
    }
}
