/// `--format text|json` of the commands that print a summary (`run`, `whatif`, `claim`).
public enum SummaryFormat: String, Sendable, CaseIterable { case text, json }
