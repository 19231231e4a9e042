import Foundation
import RecSpec
import Synchronization
import Testing
@testable import RecRunner

/// Successive halving's deterministic rule on hand-computed scores: 9 configurations, η = 3,
/// rungs at epochs 1, 3, 9 (10 epochs each), every configuration's validation score the same at
/// every epoch.
@Suite struct HalvingBoardTests {
    /// Scores in trial order. A trial goes on while it is in the best ⌈n/3⌉ of itself and the earlier
    /// trials that reached the rung (n of them in all):
    /// rung 0 (epoch 1): 5 (1 of 1, kept 1) goes on; 3 (2nd of 2, kept 1) stops; 8 (1st of 3) on;
    ///   1 (4th of 4, kept 2) stops; 9 (1st of 5) on; 2 (5th of 6, kept 2) stops; 7 (3rd of 7, kept 3) on;
    ///   4 (6th of 8, kept 3) stops; 6 (5th of 9, kept 3) stops.
    /// rung 1 (epoch 3), among 5, 8, 9, 7: 5, 8, 9 lead (kept 1, 1, 1); 7 is 3rd of 4 (kept 2): stops.
    /// rung 2 (epoch 9), among 5, 8, 9: each leads the ones before it, all go on to epoch 10.
    static let scores: [Double] = [5, 3, 8, 1, 9, 2, 7, 4, 6]
    static let expectedStops: [Int?] = [nil, 0, nil, 0, nil, 0, 1, 0, 0]

    let spec = HalvingSpec(minEpochs: 1, reduction: 3)

    /// Runs trial `i` on `board`: reports every rung up to its epochs, and returns where it stopped.
    func train(_ i: Int, on board: HalvingBoard) -> Int? {
        defer { board.end("t\(i)") }
        let ticket = HalvingTicket(board: board, key: "t\(i)", spec: spec, lastEpoch: 10)
        for epoch in 1...10 {
            guard let rung = ticket.rung(at: epoch) else { continue }
            if !board.decide("t\(i)", rung: rung, score: Self.scores[i], reduction: 3) { return rung }
        }
        return nil
    }

    func board() -> HalvingBoard {
        let board = HalvingBoard()
        for i in Self.scores.indices { board.register("t\(i)", after: (0..<i).map { "t\($0)" }) }
        return board
    }

    @Test func nineConfigurationsStopAtTheHandComputedRungs() {
        #expect(spec.rungEpochs(below: 10) == [1, 3, 9])
        #expect(spec.rungEpochs(below: 9) == [1, 3])
        let b = board()
        #expect(Self.scores.indices.map { train($0, on: b) } == Self.expectedStops)
    }

    /// Trials run on 3 threads in any interleaving decide as they do one after another: a trial waits
    /// at a rung for the earlier trials of its group.
    @Test func threadsDecideAsOneThreadDoes() {
        for _ in 0..<5 {
            let b = board()
            let next = Mutex(0)
            let stops = Mutex([Int?](repeating: -1, count: 9))
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                while true {
                    let i: Int = next.withLock { n in defer { n += 1 }; return n }
                    guard i < 9 else { return }
                    let stop = train(i, on: b)
                    stops.withLock { $0[i] = stop }
                }
            }
            #expect(stops.withLock { $0 } == Self.expectedStops)
        }
    }

    /// A trial already in the store counts with the rung scores its record kept.
    @Test func recordedTrialsCountWithTheirStoredScores() {
        let b = board()
        b.recorded("t0", scores: [5, 5, 5])
        b.recorded("t1", scores: [3])
        #expect(train(2, on: b) == nil)
        #expect(train(3, on: b) == 0)
    }

    @Test func tiesGoToTheEarlierTrialAndMissingScoresRankLast() {
        #expect(HalvingBoard.goesOn(1, among: [1], reduction: 2) == false)
        #expect(HalvingBoard.goesOn(1, among: [nil], reduction: 2) == true)
        #expect(HalvingBoard.goesOn(nil, among: [], reduction: 2) == true)      // the first always goes on
        #expect(HalvingBoard.goesOn(2, among: [3, 1, 0], reduction: 2) == true) // 2nd of 4, kept 2
    }
}
