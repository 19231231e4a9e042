import Foundation
import RecEval
import RecSpec
import Testing
@testable import RecRunner

/// Two models, two seeds, test only: `a` beats `b` on every user.
private let specText = """
{"name": "analysis", "dataset": {"source": "synthetic"},
 "split": {"method": "user_ratio", "ratios": [0.8, 0.0, 0.2], "seed": 5},
 "models": [{"name": "a", "type": "popularity"}, {"name": "b", "type": "random"}],
 "seeds": [0, 1],
 "evaluation": {"metrics": ["ndcg@5,10"]},
 "selection": {"metric": "ndcg@10", "split": "test"}}
"""

private let ndcg5 = MetricKey(.ndcg, cutoff: 5), ndcg10 = MetricKey(.ndcg, cutoff: 10)

private func record(_ id: String, model: String, seed: UInt64, test: [MetricKey: Double], status: String = "ok") -> TrialRecord {
    TrialRecord(id: id, model: model, type: model == "a" ? "popularity" : "random", configIndex: 0, parameters: [:], seed: seed,
                fold: nil, status: status, error: status == "ok" ? nil : "diverged", seconds: 1, fitSeconds: 0.5, epochs: 0,
                metrics: status == "ok" ? [.test: test] : [:], evaluatedUsers: [:], trace: [])
}

/// Per-user values held in memory: trial id → value of user 0, 1, … (the same for every NDCG cutoff;
/// no other metric has per-user values).
private struct MemoryPerUser: PerUserSource {
    let byTrial: [String: [Double]]

    func values(_ metric: MetricKey, split: EvaluationSplit, records: [TrialRecord]) -> PerUserValues? {
        guard metric.kind == .ndcg else { return nil }
        var sums: [PerUserValues.Key: Double] = [:], counts: [PerUserValues.Key: Double] = [:]
        for r in records {
            for (u, v) in (byTrial[r.id] ?? []).enumerated() {
                let k = PerUserValues.Key(fold: 0, user: Int32(u))
                sums[k, default: 0] += v; counts[k, default: 0] += 1
            }
        }
        return sums.isEmpty ? nil : PerUserValues(values: Dictionary(uniqueKeysWithValues: sums.map { ($0.key, $0.value / counts[$0.key]!) }))
    }

    func testRankings(of record: TrialRecord) -> RankedLists? { nil }
}

private let aUsers = [0.3, 0.4, 0.2, 0.3, 0.35], bUsers = [0.1, 0.1, 0.15, 0.05, 0.1]

private func analysis(records: [TrialRecord]? = nil) throws -> RunAnalysis {
    let spec = try ExperimentSpec.parse(data: Data(specText.utf8), context: ExperimentRunner.specContext)
    let records = records ?? [
        record("a0", model: "a", seed: 0, test: [ndcg10: 0.30, ndcg5: 0.28, MetricKey(.auc): 0.9]),
        record("a1", model: "a", seed: 1, test: [ndcg10: 0.32, ndcg5: 0.30]),
        record("b0", model: "b", seed: 0, test: [ndcg10: 0.10, ndcg5: 0.09]),
        record("b1", model: "b", seed: 1, test: [ndcg10: 0.12, ndcg5: 0.11]),
    ]
    let perUser = MemoryPerUser(byTrial: ["a0": aUsers, "a1": aUsers, "b0": bUsers, "b1": bUsers])
    return RunAnalysis(spec: spec, records: records, requests: try MetricRequest.parseList("ndcg@5,10"), perUser: perUser, folds: [])
}

@Suite struct RunAnalysisTests {
    @Test func metricsFollowTheRequestsThenAnythingElseRecorded() throws {
        let a = try analysis()
        #expect(a.metrics == [ndcg5, ndcg10, MetricKey(.auc)])
        #expect(a.splits == [.test])
        #expect(a.summary(.test).metrics == [ndcg5, ndcg10, MetricKey(.auc)])
        #expect(a.summary(.validation).metrics.isEmpty)
    }

    @Test func theBestModelIsTheReferenceAndItsCellsAreMeanAndSampleStd() throws {
        let a = try analysis()
        #expect(a.bestModel == "a" && a.reference == "a" && !a.namesReference)
        let cell = try #require(a.summary(.test).rows.first { $0.model == "a" }?.cells?[1].values)
        #expect(abs(cell.mean - 0.31) < 1e-12)
        #expect(abs(cell.standardDeviation - 0.02.squareRoot() / 10) < 1e-12)      // √((0.01² + 0.01²) / 1)
    }

    /// d = a − b per user = 0.2, 0.3, 0.05, 0.25, 0.25: mean 0.21, s_d = √(0.037 / 4), t = 4.882 on 4 df.
    @Test func pairedTestsAgainstTheReferenceAreComputedByUser() throws {
        let a = try analysis()
        let test = try #require(a.pairedTests[ndcg10]?.first)
        #expect(test.model == "b" && abs(test.meanDifference - 0.21) < 1e-12)
        let direct = PairedTTest(aUsers, bUsers)
        #expect(abs(direct.t - 0.21 / ((0.037 / 4).squareRoot() / 5.0.squareRoot())) < 1e-9)
        #expect(test.holmP == direct.pValue && test.isSignificant)                     // one comparison: Holm p = p
        let b = try #require(a.summary(.test).rows.first { $0.model == "b" }?.cells)
        #expect(b[1].differsFromReference && !(a.summary(.test).rows[0].cells?[1].differsFromReference ?? true))
        let selection = try #require(a.selectionTests)
        #expect(selection.metric == ndcg10 && selection.rows.map(\.users) == [5])
    }

    @Test func tablesRenderTheAnalysisInOneNumberFormat() throws {
        let tables = SummaryTables(try analysis())
        let test = tables.summary(.test)
        #expect(test.header == ["model", "ndcg@5", "ndcg@10", "auc"])
        #expect(test.rows[0] == ["a (best)", "0.2900 ± 0.0141", "0.3100 ± 0.0141", "0.9000"])
        #expect(test.rows[1][2] == "0.1100 ± 0.0141 †" && test.rows[1][3] == "–")
        #expect(tables.everyMetricTests()?.rows == [["b", "+0.2100 (\(SummaryTables.p(PairedTTest(aUsers, bUsers).pValue)))",
                                                      "+0.2100 (\(SummaryTables.p(PairedTTest(aUsers, bUsers).pValue)))", "–"]])
        #expect(tables.configurations().rows.map { $0[1] } == ["0 ★", "0 ★"])
    }

    @Test func aModelWithoutSuccessfulTrialsIsReportedFailed() throws {
        let a = try analysis(records: [
            record("a0", model: "a", seed: 0, test: [ndcg10: 0.30]),
            record("b0", model: "b", seed: 0, test: [:], status: "failed"),
        ])
        #expect(a.summary(.test).rows[1].cells == nil)
        #expect(SummaryTables(a).summary(.test).rows[1] == ["b", "failed"])
        #expect(a.failed.map(\.id) == ["b0"] && a.pairedTests[ndcg10]?.isEmpty == true)
        #expect(SummaryTables(a).failures()?.rows == [["b0", "b", "default", "0", "diverged"]])
    }

    /// summary.json goes through Codable; keys keep Foundation's numeric-aware order (ndcg@5 before
    /// ndcg@10), missing models are null, and the file decodes back to the same document.
    @Test func summaryDocumentRoundTripsAndKeepsTheKeyOrder() throws {
        let doc = SummaryDocument(try analysis())
        let text = String(decoding: try JSONFile.data(doc), as: UTF8.self)
        let five = try #require(text.range(of: "\"ndcg@5\"")), ten = try #require(text.range(of: "\"ndcg@10\""))
        #expect(five.lowerBound < ten.lowerBound)
        #expect(text.contains("\"reference_model\" : \"a\"") && text.contains("\"selection_metric\" : \"ndcg@10\""))
        #expect(try JSONDecoder().decode(SummaryDocument.self, from: Data(text.utf8)) == doc)
        var none = doc
        none.bestModel = nil
        #expect(String(decoding: try JSONFile.data(none), as: UTF8.self).contains("\"best_model\" : null"))
    }

    @Test func metricsCSVHasOneRowPerSplitAndMetricAndOneForAFailure() throws {
        let records = [record("b0", model: "b", seed: 0, test: [:], status: "failed"),
                       record("a0", model: "a", seed: 0, test: [ndcg10: 0.3, MetricKey(.auc): 0.25])]
        let lines = CSVWriter.metrics(records, metrics: [ndcg10, MetricKey(.auc)]).split(separator: "\n")
        #expect(lines == [
            "trial,model,type,config,parameters,seed,fold,split,metric,cutoff,value,status,refit",
            "a0,a,popularity,0,default,0,,test,ndcg,10,0.3,ok,false",
            "a0,a,popularity,0,default,0,,test,auc,,0.25,ok,false",
            "b0,b,random,0,default,0,,,,,,failed: diverged,false",
        ])
        // A swept parameter gets a column of its own; a fixed one stays in `parameters` only.
        var swept = records
        swept[1].parameters = ["lambda": "10", "binarize": "true"]
        swept.append(record("a1", model: "a", seed: 0, test: [ndcg10: 0.4]))
        swept[2].configIndex = 1
        swept[2].parameters = ["lambda": "100", "binarize": "true"]
        let table = CSVWriter.metrics(swept, metrics: [ndcg10]).split(separator: "\n")
        #expect(table[0] == "trial,model,type,config,parameters,param.lambda,seed,fold,split,metric,cutoff,value,status,refit")
        #expect(table[1] == "a0,a,popularity,0,\"binarize=true, lambda=10\",10,0,,test,ndcg,10,0.3,ok,false")
        #expect(table[2] == "a1,a,popularity,1,\"binarize=true, lambda=100\",100,0,,test,ndcg,10,0.4,ok,false")
        #expect(table[3] == "b0,b,random,0,default,,0,,,,,,failed: diverged,false")
    }
}

@Suite struct MetricKeyTests {
    @Test func parsesWhatItPrints() throws {
        for text in ["ndcg@10", "recall@20", "auc", "rmse", "ndcg_graded@5", "coverage@10"] {
            #expect(MetricKey(text)?.description == text)
        }
        #expect(MetricKey("ndcg@10") == MetricKey(.ndcg, cutoff: 10) && MetricKey("rmse")?.cutoff == nil)
        for bad in ["ndgc@10", "ndcg@0", "ndcg@x", "hit_rate@10", ""] { #expect(MetricKey(bad) == nil, "\(bad)") }
        #expect(try MetricRequest.parse("ndcg@5,10").keys == [MetricKey(.ndcg, cutoff: 5), MetricKey(.ndcg, cutoff: 10)])
    }

    /// As a dictionary key it encodes as its text, so records keyed by MetricKey are the files keyed by strings.
    @Test func encodesAsItsTextAlsoAsADictionaryKey() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let typed: [EvaluationSplit: [MetricKey: Double]] = [.test: [MetricKey(.ndcg, cutoff: 10): 0.5, MetricKey(.rmse): 1.25]]
        let plain: [String: [String: Double]] = ["test": ["ndcg@10": 0.5, "rmse": 1.25]]
        #expect(try enc.encode(typed) == enc.encode(plain))
        #expect(try JSONDecoder().decode([EvaluationSplit: [MetricKey: Double]].self, from: enc.encode(plain)) == typed)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MetricKey: Double].self, from: Data(#"{"ndgc@10": 1}"#.utf8)) }
    }
}

/// What a blend learned on validation is what the report shows as its configuration.
@Suite struct ReportedParameterTests {
    @Test func learnedValuesReplaceTheBlankOnesAndAreMarked() {
        var r = record("h0", model: "a", seed: 0, test: [:])
        r.parameters = ["weights": "", "weight_step": "0.1"]
        #expect(r.reportedParameterText == r.parameterText)
        r.learned = ["weights": "a:0.8,b:0.2"]
        #expect(r.parameterText == "weight_step=0.1, weights=")
        #expect(r.reportedParameterText == "weight_step=0.1, weights=a:0.8,b:0.2 (learned)")
    }
}
