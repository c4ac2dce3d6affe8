// Shared pieces of the workflow commands: the acting reviewer, and printing what was recorded.
import ArgumentParser
import Events
import Ledger

/// `--as HANDLE`: the reviewer whose key signs.
struct ActingReviewer: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting reviewer, whose key signs (env: FACTLEDGER_REVIEWER).", valueName: "handle"))
    var handle: String?
}

extension CommandContext {
    /// Opens the ledger and loads the acting reviewer's key.
    func workflow(_ acting: ActingReviewer) throws -> Workflow {
        let log = try openLog()
        return Workflow(log: log, signer: try ReviewerSigner(handle: try reviewerHandle(acting.handle), keys: keys))
    }

    /// Prints what a workflow command recorded: the created identifier and the events.
    func report(_ recorded: Recorded, created: String? = nil, noun: String? = nil, notes: [String] = [], extra: JSONObjectBuilder? = nil) {
        if json {
            var object = extra ?? JSONObjectBuilder()
            if let created, let noun { object.add(noun, created) }
            object.add("events", .array(recorded.outcomes.map { entry in
                var event = JSONObjectBuilder()
                event.add("id", entry.id.rawValue)
                event.add("type", entry.type)
                event.add("position", entry.outcome.position)
                let status: String
                if case .appended = entry.outcome { status = "appended" } else { status = "already_present" }
                event.add("status", status)
                return event.value
            }))
            object.add("size", recorded.head.size)
            object.add("root", JSONOutput.base64(recorded.head.root))
            if !notes.isEmpty { object.add("notes", .array(notes.map { .string($0) })) }
            terminal.out(object.text)
            return
        }
        if let created, let noun { terminal.out("\(noun.replacingOccurrences(of: "_", with: " ")) \(terminal.bold(created))") }
        for entry in recorded.outcomes {
            switch entry.outcome {
            case .appended(let position):
                terminal.out("  recorded \(entry.type) at position \(position) (event \(entry.id))")
            case .alreadyPresent(let position):
                terminal.out("  \(entry.type) was already in the ledger at position \(position); nothing written")
            }
        }
        for note in notes { terminal.out(note) }
    }
}
