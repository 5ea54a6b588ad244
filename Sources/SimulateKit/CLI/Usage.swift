import Foundation

/// Help texts and usage lines.
enum Usage {
    static func line(for command: String) -> String {
        let format = "[--format text|json|markdown]"
        switch command {
        case "check": return "Usage: simulate check <scenario.json>... [--quiet] [--format text|json]"
        case "sensitivity":
            return
                "Usage: simulate sensitivity <scenario.json> [--samples <n>] [--seed <s>] [--package <id>]... [--party <id>]... [--as-of <YYYY-MM-DD>] \(format)"
        case "explain":
            return
                "Usage: simulate explain <scenario.json> --package <id> [--party <id>]... [--max-changes <n>] [--as-of <YYYY-MM-DD>] \(format)"
        case "search":
            return
                "Usage: simulate search <scenario.json> [--fix <issue>=<value>]... [--around <package> --vary <issue>...] "
                + "[--objective nash|maxmin|welfare] [--top <n>] [--improve <package>] [--limit <n>] [--threads <n>] [--tolerance <x>] "
                + "[--as-of <YYYY-MM-DD>] \(format)"
        case "help": return "Usage: simulate help [check|search|explain|diff|sensitivity|help]"
        case "diff": return "Usage: simulate diff <a.json> <b.json> [--package <id>]... [--party <id>]... [--as-of <YYYY-MM-DD>] \(format)"
        default: return "Usage: simulate <scenario.json> [--package <id>]... [--party <id>]... [--as-of <YYYY-MM-DD>] \(format)"
        }
    }

    /// A usage line wrapped at 100 columns between its options, never inside one (`[--as-of
    /// <YYYY-MM-DD>]` stays whole).
    static func wrappedLine(for command: String) -> String {
        let space: Character = " ", keep: Character = "\u{1F}"
        var depth = 0
        let joined = String(
            line(for: command).map { c -> Character in
                if c == "[" || c == "<" { depth += 1 }
                if c == "]" || c == ">" { depth -= 1 }
                return c == space && depth > 0 ? keep : c
            })
        return TextLayout().wrap(joined, indent: "        ", firstIndent: "")
            .map { $0.replacingOccurrences(of: String(keep), with: " ") }
            .joined(separator: "\n")
    }

    static func text(for command: String) -> String {
        switch command {
        case "check":
            return """
                OVERVIEW: Check scenario files: structure, references, dates, and every evidence quote.

                USAGE: simulate check <scenario.json>... [--quiet] [--format text|json]

                Every problem is reported as FILE:LINE:COLUMN: error: message, with the JSON path.
                Each quote must occur verbatim in its source (white space folded, typographic
                quotes and dashes read as ASCII, '...' eliding text). Warnings flag loose ends:
                a position without evidence, an issue or option nothing refers to, a party with
                no positions.

                OPTIONS:
                  --quiet                 Show errors only, not warnings.
                  --format <format>       text (default) or json: for each file, whether it is
                                          usable, what it holds, and every problem with its file,
                                          line, column, JSON path and code.
                  -h, --help              Show this help.

                EXIT STATUS: 0 no errors, 64 usage error, 65 errors found, 66 a file cannot be read
                (missing, a folder, a device, or larger than 64 MiB), 74 the report could not be
                written.

                """
        case "sensitivity":
            return """
                OVERVIEW: How fragile is each verdict? Sample the ranges and likelihoods and
                count how often each party accepts each package.

                USAGE: simulate sensitivity <scenario.json> [options]

                Each sample draws every range (weights, thresholds, values entries, curve
                points) uniformly between its ends and holds each position with its
                likelihood; the same sample applies to every package. A certain ACCEPT shows
                100% and a certain REJECT 0%; an UNCERTAIN verdict falls between. The same seed
                gives the same numbers for the same file. Each number drawn is named by its
                party, position and value, so a what-if draws the same numbers as its base for
                what they share: a party the what-if leaves alone shows the same percentages,
                and a change in the others comes from the what-if, not from chance. Read one
                file's shares as estimates: at 1000 samples a share's 95% margin is about ±3
                points. The lean shown elsewhere reads the midpoints, not the samples, and can
                differ from the majority here. A share is not a forecast: the ranges and
                likelihoods it samples are modelling judgements, and it says how much of their
                span favours a verdict.

                OPTIONS:
                  --samples <n>           How many samples (default 1000).
                  --seed <s>              The random seed (default 1).
                  --package <id>          Only this package (repeatable).
                  --party <id>            Show only this party (repeatable); the samples and the
                                          viable shares stay the same.
                  --as-of <YYYY-MM-DD>    Evaluate the positions held on this date.
                  --format <format>       text (default), json or markdown.
                  -h, --help              Show this help.

                EXIT STATUS: 0 success, 64 usage error, 65 invalid scenario, 66 unreadable file,
                74 the report could not be written.

                """
        case "explain":
            return """
                OVERVIEW: What would it take? For each party that does not accept a package, the
                fewest term changes that win it over while every party that accepts keeps
                accepting; and the nearest viable package.

                USAGE: simulate explain <scenario.json> --package <id> [options]

                Fewest means the fewest issues changed; ties go to the least total loss of score
                to the parties that accept now, then to the fewest parties the change newly needs
                that do not accept it, then to the fewest red lines newly broken and the least
                loss of score for the other parties that do not accept, then to the first found.
                New terms come from the search grid (options, min + k*step, subsets). Each
                changed issue says why it is there: undone alone, which party would not accept
                (the one sought, one that accepts now, or one the package would then need) and
                which of its positions would be broken or less satisfied. When every change that
                could work needs more issues than --max-changes + 1, it says how many.

                OPTIONS:
                  --package <id>          The package to explain (required).
                  --party <id>            Only this party (repeatable).
                  --max-changes <n>       Try at most this many changed issues (default 3). Each
                                          more multiplies the candidates tried; explain stops,
                                          and says so, before a number of changes that would try
                                          more than 100 million.
                  --as-of <YYYY-MM-DD>    Evaluate the positions held on this date.
                  --format <format>       text (default), json or markdown.
                  -h, --help              Show this help.

                Each answer also says what the changes do to the rest of the package: its
                viability after them, and the parties that must agree and are worse off. When
                no change can work because a red line over one issue is met only by terms an
                accepting party forbids, it says so and names both red lines.

                EXIT STATUS: 0 success (whether or not a change is found), 64 usage error,
                65 invalid scenario, 66 unreadable file, 1 the issues explain may change have
                more than 20 million values between them, 74 the report could not be written.

                """
        case "search":
            return """
                OVERVIEW: Search the whole package space for deals every required party accepts.

                USAGE: simulate search <scenario.json> [options]

                Enumerates every option of every choice issue, every grid value (min, min+step, ...,
                max) of every number issue and every subset of every set issue, skipping whole
                subtrees only when their verdict is already settled. Reports how many packages are
                viable, uncertain and not viable; the best by the objective; the Pareto frontier;
                and the Kalai-Smorodinsky package. When nothing is viable for certain, it lists
                the best uncertain packages that lean viable instead, or, when none leans viable,
                the uncertain packages nearest to viable (by their least margin) and why each
                leans no; the first ten with the share of 1,000 samples (seed 1, as 'simulate
                sensitivity') in which they are viable.

                A space over --limit is searched bounded: only the subtrees that could hold a
                package viable for certain, or one for the lists, are walked, by upper bounds
                on the midpoint scores. The viable count and every list stay exact; the
                uncertain share is estimated from 10,000 random packages (seed 1). When more
                than 20,000 packages are viable for certain, or walking them would take 200,000
                one by one, the frontier is left out and the viable share estimated too; the
                best packages stay exact.

                Lists hold one package per deal: of packages that every party they need scores
                the same (with the same ranges, if uncertain) and with the same red lines
                broken, the first. Issues that no position
                held on the date reads are walked at their first term, and every count counts
                each copy.

                OPTIONS:
                  --fix <issue>=<value>   Pin an issue (repeatable). Sets take a comma-separated
                                          list of option ids, or 'none'.
                  --around <package>      Keep every issue at this package's term, except the
                  --vary <issue>          issues named with --vary (repeatable): search the
                                          neighbourhood of a package on the table.
                  --objective <name>      nash (default): product of (score - threshold);
                                          maxmin: least (score - threshold); welfare: sum of
                                          scores. Each over the parties the package needs.
                  --top <n>               How many best packages to list (default 10).
                  --improve <package>     List the viable packages that leave no party that may
                                          have to agree worse off and one better off.
                  --as-of <YYYY-MM-DD>    Evaluate the positions held on this date.
                  --limit <n>             Count spaces up to this one by one (default 1e10,
                                          minutes at most; up to 1e18); search larger ones
                                          bounded.
                  --threads <n>           Worker threads (default: one per core; spaces under a
                                          million packages, and bounded searches, use one).
                  --tolerance <x>         How far below a threshold a score may fall and still
                                          meet it (default 1e-9, as the format says; 0 for the
                                          strict comparison of peer benchmarks).
                  --format <format>       text (default), json or markdown.
                  -h, --help              Show this help.

                EXIT STATUS: 0 success (whether or not a package is viable), 64 usage error,
                65 invalid scenario, 66 unreadable file, 1 the space cannot be searched (an
                issue it cannot enumerate, or a bounded search over its budget of 2,000,000
                packages one by one), with advice on narrowing it, 74 the report could not be
                written.

                """
        case "diff":
            return """
                OVERVIEW: Compare the same packages under two scenarios, typically a base (A) and a
                what-if (B): which viabilities and verdicts flip, and the positions responsible.

                USAGE: simulate diff <a.json> <b.json> [options]

                Packages, parties and positions are matched by id. Each package is evaluated with
                its own terms in its own scenario, and a change of terms is reported. For every
                party whose verdict, lean or requirement flips, the causes are listed: red lines
                violated under one scenario only (removed or added, inactive on the date, rule or
                terms changed), or with another likelihood; demands whose weight, likelihood or
                satisfaction moved; a changed threshold or requirement. Where nothing flips but a
                party's score or threshold moved (by 0.005 or more) or its broken red lines
                differ, the package gets one line saying so; packages where nothing moved are
                named on one line, as are packages and parties only one file has. A party only
                one file has is also named under a package where it is required and does not
                accept for certain. Rules are compared by what they test, not by their words: an
                option added to an issue, or a renamed unit, changes no rule.

                OPTIONS:
                  --package <id>          Compare only this package (repeatable).
                  --party <id>            Show only this party's flips and moves (repeatable);
                                          viability still counts every party a package needs.
                  --as-of <YYYY-MM-DD>    Evaluate both at this date (default: each file's asOf,
                                          else today).
                  --format <format>       text (default), json or markdown.
                  -h, --help              Show this help.

                EXIT STATUS: 0 success (whether or not anything flips), 64 usage error,
                65 invalid scenario, 66 unreadable file, 74 the report could not be written.

                """
        default:
            return """
                OVERVIEW: simulate — would they sign this? Evaluate deal packages against a
                negotiation model: every party's verdict, the reasons, and the quotes behind them.

                USAGE: simulate <scenario.json> [options]
                       simulate check|search|explain|diff|sensitivity <scenario.json>... [options]
                       simulate help <command>

                OPTIONS:
                  --package <id>          Show only this package (repeatable).
                  --party <id>            Show only this party (repeatable).
                  --as-of <YYYY-MM-DD>    Evaluate the positions held on this date (default:
                                          the file's asOf, else today).
                  --format <format>       text (default), json or markdown.
                  --version               Show the version.
                  -h, --help              Show this help.

                COMMANDS:
                  check                   Check scenario files and verify every quote.
                  search                  Search the whole space for viable deals.
                  diff                    Compare two scenarios: what flips, and why.
                  explain                 What it would take to win over a party that says no.
                  sensitivity             How often each party accepts when the ranges are sampled.

                Verdicts: accept, REJECT, or '? accept' / '? reject' when the sources leave it
                uncertain (shown with the lean of the midpoint reading). A package is viable when
                every party required for it accepts.

                A scenario named '-' (or /dev/stdin) is read from standard input, shown as
                '<stdin>'; its 'extends' and 'sources' paths are then taken from the current
                folder, as are those of a descriptor path (/dev/fd/63, from <(...)).
                'extends' cannot name standard input. A scenario, 'extends' or source file may
                hold at most 64 MiB.

                EXIT STATUS: 0 success, 64 usage error, 65 invalid scenario, 66 unreadable file,
                1 a search or explanation that cannot be done (the space is too large), 74 the
                report could not be written (a full disk, a closed output).

                See README.md and docs/SCENARIO-GUIDE.md.

                """
        }
    }
}
