import Foundation
import RecCore
import RecData
import Testing

/// Timing of every splitter and of preprocessing on 20M synthetic interactions. Off by default; run with
/// `RECLAB_BENCH=1 swift test -c release --filter SplitPerformanceTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RECLAB_BENCH"] == "1"))
struct SplitPerformanceTests {
    static func synthetic(rows n: Int, users: Int, items: Int) -> Dataset {
        var rng = SeededGenerator(seed: 1)
        var us = [Int32](repeating: 0, count: n), its = [Int32](repeating: 0, count: n)
        var rs = [Float](repeating: 0, count: n), ts = [Int64](repeating: 0, count: n)
        for k in 0..<n {
            us[k] = Int32(rng.nextInt(below: users)); its[k] = Int32(rng.nextInt(below: items))
            rs[k] = Float(1 + rng.nextInt(below: 5)); ts[k] = 1_000_000_000 + Int64(rng.nextInt(below: 400_000_000))
        }
        return Dataset(name: "bench", users: IndexMap((0..<users).map { "u\($0)" }),
                       items: IndexMap((0..<items).map { "i\($0)" }),
                       interactions: InteractionTable(users: us, items: its, ratings: rs, timestamps: ts))
    }

    @Test func twentyMillionInteractions() throws {
        let data = Self.synthetic(rows: 20_000_000, users: 140_000, items: 27_000)
        let methods: [any SplitMethod] = [
            RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.1), UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1),
            TemporalSplitter(train: 0.8, validation: 0.1, test: 0.1), UserTemporalSplitter(lastN: 2, lastFraction: nil, validation: true),
            LeaveOneOutSplitter(latest: true, validation: true), LeaveOneOutSplitter(latest: false, validation: true),
            KFoldSplitter(folds: 5, fold: 0, validationFraction: 0.1), UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.1),
            ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.1),
            RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.1),   // again, to separate warm-up from work
        ]
        for s in methods {
            let t0 = Date()
            let split = try s.split(data, seed: 1)
            print(String(format: "%-70@ %6.2f s  test=%d", s.cacheDescription as NSString, Date().timeIntervalSince(t0),
                         split.test.count))
        }
        let t0 = Date()
        let (_, report) = try Preprocessor.applyWithReport(
            PreprocessingOptions(duplicates: .mean, implicitThreshold: 3, userCore: 5, itemCore: 5), to: data)
        print(String(format: "preprocessing %6.2f s: ", Date().timeIntervalSince(t0)) + report.description)
    }
}
