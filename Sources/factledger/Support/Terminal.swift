// Terminal output: stdout for results, stderr for diagnostics, colour decided per stream.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout and stderr, with colour only where it is wanted.
struct Terminal {
    let colorOnStdout: Bool
    let colorOnStderr: Bool

    init(choice: ColorChoice, environment: [String: String] = ProcessInfo.processInfo.environment) {
        func decide(_ descriptor: Int32) -> Bool {
            switch choice {
            case .always: return true
            case .never: return false
            case .auto:
                if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
                if environment["TERM"] == "dumb" { return false }
                return isatty(descriptor) == 1
            }
        }
        colorOnStdout = decide(STDOUT_FILENO)
        colorOnStderr = decide(STDERR_FILENO)
    }

    /// Whether stderr is an interactive terminal that can redraw a progress line.
    static var stderrIsInteractive: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func green(_ text: String, stderr: Bool = false) -> String { paint(text, "32", stderr) }
    func red(_ text: String, stderr: Bool = false) -> String { paint(text, "31", stderr) }
    func bold(_ text: String, stderr: Bool = false) -> String { paint(text, "1", stderr) }
    func dim(_ text: String, stderr: Bool = false) -> String { paint(text, "2", stderr) }

    private func paint(_ text: String, _ code: String, _ stderr: Bool) -> String {
        (stderr ? colorOnStderr : colorOnStdout) ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// A progress line on stderr: count, rate and ETA, redrawn at most every 100 ms, only on a TTY.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(label: String, enabled: Bool = Terminal.stderrIsInteractive) {
        self.label = label
        self.enabled = enabled
    }

    /// Reports `done` of `total` units (bytes or events).
    func update(done: Int64, total: Int64, unit: String = "bytes") {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done >= total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r%@ [%@] %3.0f%%  %@ %@  %@/s  ETA %@", label, bar, fraction * 100,
                          ProgressBar.compact(Double(done)), unit, ProgressBar.compact(rate), ProgressBar.duration(remaining))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the progress line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func compact(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.1fM", value / 1_000_000) }
        if value >= 1_000 { return String(format: "%.1fk", value / 1_000) }
        return String(format: "%.0f", value)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}
