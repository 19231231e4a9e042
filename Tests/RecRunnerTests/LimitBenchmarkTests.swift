import Foundation
import RecTestSupport
import Testing
@testable import RecRunner

/// `reclab bench limits`: the counted work of each kernel (checked against sums done by hand) and a
/// whole run on a small synthetic set.
struct LimitBenchmarkTests {
    /// U = 2 users, I = 3 items, N = 4 interactions, f = 2, s = 1.
    @Test func iALSWorkIsCountedPerSideRowAndInteraction() {
        let cg = KernelWork.ialsCGEpoch(users: 2, items: 3, interactions: 4, factors: 2, steps: 1)
        // Gram: (U+I)·f(f+1) = 5·6 = 30. Products: (s+1)·(2f²·(U+I) + 2·4f·N) = 2·(40 + 64) = 208.
        // Vector updates: 10·f·s·(U+I) = 100.
        #expect(cg.flops == 338)
        // 2·N·(8 + 4f) = 128; factor rows read and written, 8f·(U+I) = 80; read once more, 4f·(U+I) = 40.
        #expect(cg.bytes == 248)
        let exact = KernelWork.ialsCholeskyEpoch(users: 2, items: 3, interactions: 4, factors: 2)
        // Gram 30; per interaction 2·N·(f(f+1) + 3f) = 8·12 = 96; per row (U+I)·(f³/3 + 2f²) = 5·(8/3 + 8).
        #expect(abs(exact.flops - (30 + 96 + 5 * (8.0 / 3 + 8))) < 1e-9)
        #expect(exact.bytes == 248)
    }

    @Test func samplingAndNeighbourKernelsCountTheirTouches() {
        let bpr = KernelWork.bprEpoch(samples: 10, factors: 4)
        #expect(bpr.flops == 800 && bpr.bytes == 10 * (96 + 8))
        let binary = KernelWork.itemKNNFit(pairs: 50, weighted: false)
        #expect(binary.flops == 50 && binary.bytes == 200)
        let weighted = KernelWork.itemKNNFit(pairs: 50, weighted: true)
        #expect(weighted.flops == 100 && weighted.bytes == 400)
        // n = 10 items, Q = 7 updates: 2Q + n³ + n² = 14 + 1000 + 100; 8Q + 32n² = 56 + 3200.
        let ease = KernelWork.easeFit(items: 10, gramUpdates: 7)
        #expect(ease.flops == 1114 && ease.bytes == 3256)
        // U = 3, I = 5, f = 4: 2f·U·I = 120 flops; 8·U·I + 4f·(U+I) = 120 + 128 bytes.
        let dense = KernelWork.denseRanking(users: 3, items: 5, factors: 4)
        #expect(dense.flops == 120 && dense.bytes == 248)
        let sparse = KernelWork.neighbourRanking(users: 3, items: 5, pairs: 11)
        #expect(sparse.flops == 11 && sparse.bytes == 88 + 120)
    }

    @Test func mlpStepCountsForwardBackwardAndAdam() {
        // Layers 3→2→1, batch 4: Σ in·out = 8, W = 8 + 3 = 11 parameters.
        let step = KernelWork.mlpStep(batch: 4, layers: [(3, 2), (2, 1)], embeddingWidth: 5)
        #expect(step.flops == 6 * 4 * 8 + 10 * 11)
        #expect(step.bytes == 28 * 11 + 56 * 4 * 5)
    }

    /// The whole benchmark on a small synthetic set: every kernel runs, its bound follows from its
    /// work and the measured ceilings, and the table lists each one with its counting model.
    @Test func runTimesEveryKernelAgainstItsBound() throws {
        let dir = try Fixtures.temporaryDirectory("limits")
        let spec = """
        {"name": "limits", "dataset": {"source": "synthetic", "synthetic": {"users": 200, "items": 120, "interactions": 6000, "seed": 3},
                                      "preprocessing": {"implicit_threshold": 1}},
         "split": {"method": "random_ratio", "ratios": [0.9, 0.0, 0.1], "seed": 0},
         "models": [{"name": "ials_cg", "type": "implicit_als", "params": {"factors": 8, "solver": "cg", "cg_steps": 2}},
                    {"name": "ials_cholesky", "type": "implicit_als", "params": {"factors": 8, "solver": "cholesky"}},
                    {"name": "bpr", "type": "bpr", "params": {"factors": 8, "threads": 2}},
                    {"name": "item_knn", "type": "item_knn", "params": {"neighbours": 20, "saved_neighbours": 20}}],
         "seeds": [0], "evaluation": {"metrics": ["ndcg@10"]}}
        """
        let url = try Fixtures.write(spec, to: "limits.json", in: dir)
        let bench = LimitBenchmarks(root: dir.appendingPathComponent("datasets").path, spec: url.path, repetitions: 1,
                                    sgemmSize: 128, streamElements: 1 << 18, easeInteractions: 20_000)
        let (limits, kernels) = try bench.run()
        #expect(limits.sgemmSingleThread > 0 && limits.sgemmAllThreads > 0)
        #expect(limits.streamSingleThread > 0 && limits.streamAllThreads > 0)
        #expect(kernels.map(\.kernel) == [
            "iALS epoch, conjugate gradient", "Full-ranking evaluation, iALS (sgemm + top-K)", "iALS epoch, Cholesky",
            "BPR epoch (SGD)", "item-kNN fit (co-occurrence + top-k)",
            "Full-ranking evaluation, item-kNN (sparse accumulation + top-K)",
            "EASE fit (sparse Gram + Cholesky inverse)", "MLP training step (forward + backward + Adam)"])
        for k in kernels {
            #expect(k.seconds > 0 && k.seconds.isFinite, "\(k.kernel)")
            #expect(k.work.flops > 0 && k.work.bytes > 0, "\(k.kernel)")
            #expect(k.boundSeconds == max(k.work.flops / (k.peakGFLOPS * 1e9), k.work.bytes / (k.bandwidthGBps * 1e9)))
            #expect(abs(k.fractionOfBound - k.boundSeconds / k.seconds) < 1e-12)
        }
        // The BPR entry ran on its own 2 threads: its bound uses the all-thread ceilings.
        let bpr = try #require(kernels.first { $0.kernel.hasPrefix("BPR") })
        #expect(bpr.threads == 2 && bpr.peakGFLOPS == limits.sgemmAllThreads && bpr.bandwidthGBps == limits.streamAllThreads)
        let mlp = try #require(kernels.last)
        #expect(mlp.threads == 1 && mlp.peakGFLOPS == limits.sgemmSingleThread)
        let table = LimitBenchmarks.markdown(limits: limits, kernels: kernels)
        for k in kernels { #expect(table.contains("| \(k.kernel) |") && table.contains("- \(k.kernel): \(k.work.model)")) }
        #expect(table.contains("OpenBLAS sgemm, 128³ (GFLOP/s)"))
    }
}
