// Values that a few posts have, looked up for every post: the views ask, for each of a million
// posts, whether it carries a claim or has an attributed outlet. A dictionary answered with a
// hash per question; this table answers with one array read.

/// Values for some posts, by post number, found without hashing.
///
/// Guarantees: `table[post]` is the value last set for `post`, or nil; iteration visits the
/// posts in the order they were first given a value. Cost: 4 bytes a post plus the values;
/// O(1) lookups and changes.
struct PostTable<Value: Sendable>: Sequence, Sendable {
    /// Per post number, where its value is in `entries`, or -1.
    private var slots: [Int32]
    private var entries: [(post: Int32, value: Value)] = []

    /// An empty table for post numbers below `postCount`.
    init(postCount: Int) {
        slots = Array(repeating: -1, count: postCount)
    }

    /// The value for `post`, or nil.
    subscript(post: Int32) -> Value? {
        guard post >= 0, Int(post) < slots.count else { return nil }
        let index = slots[Int(post)]
        return index < 0 ? nil : entries[Int(index)].value
    }

    /// Changes the value of `post` in place, starting from `initial` when it has none.
    mutating func modify(_ post: Int32, startingWith initial: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        var index = slots[Int(post)]
        if index < 0 {
            index = Int32(entries.count)
            entries.append((post: post, value: initial()))
            slots[Int(post)] = index
        }
        change(&entries[Int(index)].value)
    }

    /// Changes every value in place.
    mutating func modifyEach(_ change: (inout Value) -> Void) {
        for index in entries.indices { change(&entries[index].value) }
    }

    func makeIterator() -> IndexingIterator<[(post: Int32, value: Value)]> {
        entries.makeIterator()
    }
}
