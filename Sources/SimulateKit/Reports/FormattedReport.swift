/// A report that renders in each of the CLI's output formats.
protocol FormattedReport {
    func text() -> String
    func json() -> String
    func markdown() -> String
}

extension SearchReport: FormattedReport {}
extension ExplainReport: FormattedReport {}
extension DiffReport: FormattedReport {}
extension SensitivityReport: FormattedReport {}

extension SimulateCLI.Format {
    /// `report` in this format.
    func render(_ report: some FormattedReport) -> String {
        switch self {
        case .text: return report.text()
        case .json: return report.json()
        case .markdown: return report.markdown()
        }
    }
}
