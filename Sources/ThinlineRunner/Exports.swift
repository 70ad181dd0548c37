/// The core's vocabulary (dates, decisions, languages, reports) is the runner's too: a command
/// line that imports the runner speaks it without depending on the core itself.
@_exported import ThinlineCore
