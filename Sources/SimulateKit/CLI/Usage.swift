/// Help texts and usage lines.
enum Usage {
    static func line(for command: String) -> String {
        switch command {
        case "check": return "Usage: simulate check <scenario.json>... [--quiet]"
        default: return "Usage: simulate <scenario.json> [--package <id>]... [--party <id>]... [--as-of <YYYY-MM-DD>] [--format text|json|markdown]"
        }
    }

    static func text(for command: String) -> String {
        switch command {
        case "check":
            return """
                OVERVIEW: Check scenario files: structure, references, dates, and every evidence quote.

                USAGE: simulate check <scenario.json>... [--quiet]

                Every problem is reported as FILE:LINE:COLUMN: error: message, with the JSON path.
                Each quote must occur verbatim in its source (white space folded, typographic
                quotes and dashes read as ASCII, '...' eliding text). Warnings flag loose ends:
                a position without evidence, an issue or option nothing refers to, a party with
                no positions.

                OPTIONS:
                  --quiet                 Show errors only, not warnings.
                  --help                  Show this help.

                EXIT STATUS: 0 no errors, 64 usage error, 65 errors found, 66 a file cannot be read.

                """
        default:
            return """
                OVERVIEW: simulate — would they sign this? Evaluate deal packages against a
                negotiation model: every party's verdict, the reasons, and the quotes behind them.

                USAGE: simulate <scenario.json> [options]
                       simulate check <scenario.json>...
                       simulate help <command>

                OPTIONS:
                  --package <id>          Show only this package (repeatable).
                  --party <id>            Show only this party (repeatable).
                  --as-of <YYYY-MM-DD>    Evaluate the positions held on this date (default:
                                          the file's asOf, else today).
                  --format <format>       text (default), json or markdown.
                  --version               Show the version.
                  --help                  Show this help.

                COMMANDS:
                  check                   Check scenario files and verify every quote.

                Verdicts: accept, REJECT, or '? accept' / '? reject' when the sources leave it
                uncertain (shown with the lean of the midpoint reading). A package is viable when
                every party required for it accepts.

                EXIT STATUS: 0 success, 64 usage error, 65 invalid scenario, 66 unreadable file.

                See README.md and docs/SCENARIO-GUIDE.md.

                """
        }
    }
}
