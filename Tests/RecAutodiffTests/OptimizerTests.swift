import RecAutodiff
import Testing

/// A dense parameter and an embedding table: the two kinds of parameter an optimiser visits.
struct TwoParameters: Parameterized {
    var weight: Tensor
    var table: Embedding

    init(weight: [Float], table: Tensor = Tensor(rows: 3, cols: 1, scalars: [10, 20, 30])) {
        self.weight = Tensor(row: weight); self.table = Embedding(table: table)
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        visitor.visit(&weight, gradient: direction.weight)
        table.visitParameters(&visitor, along: direction.table)
    }

    /// A gradient with `dense` for the weight and one-wide rows `rows` for table ids `ids`.
    static func gradient(_ dense: [Float], ids: [Int32] = [], rows: [Float] = []) -> TangentVector {
        TangentVector(weight: dense.isEmpty ? .zero : Tensor(row: dense),
                      table: ids.isEmpty ? .zero : EmbeddingGradient(indices: ids, values: rows, dimension: 1))
    }
}

/// Optimiser steps against values computed by hand (or, for Adam's second step, with the update
/// formula evaluated in Double outside Swift).
@Suite struct OptimizerTests {
    func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(Double(a) - e) < tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func adamStepsMatchTheBiasCorrectedUpdate() {
        var model = TwoParameters(weight: [1, -2])
        let adam = Adam<TwoParameters>(learningRate: 0.1)
        // step 1: m̂ = g, v̂ = g², so each weight moves by lr·sign(g)
        adam.update(&model, along: TwoParameters.gradient([0.5, -1]))
        expectClose(model.weight.scalars, [0.9, -1.9])
        // step 2 with g = (0.1, 0.1): m = (0.055, −0.09), v = (2.5975e-4, 1.00900e-3), t = 2
        adam.update(&model, along: TwoParameters.gradient([0.1, 0.1]))
        expectClose(model.weight.scalars, [0.8196959063846517, -1.8407351504087726])
        #expect(adam.step == 2)
        #expect(model.table.table.scalars == [10, 20, 30])      // no gradient, no change
    }

    @Test func momentumAccumulatesVelocity() {
        var model = TwoParameters(weight: [1, 1])
        let sgd = SGD<TwoParameters>(learningRate: 0.1, momentum: 0.9)
        sgd.update(&model, along: TwoParameters.gradient([1, 2]))     // v = g: w −= 0.1·g
        expectClose(model.weight.scalars, [0.9, 0.8])
        sgd.update(&model, along: TwoParameters.gradient([1, 2]))     // v = 0.9·g + g = 1.9·g
        expectClose(model.weight.scalars, [0.71, 0.42])
        let nesterov = SGD<TwoParameters>(learningRate: 0.1, momentum: 0.5, nesterov: true)
        var other = TwoParameters(weight: [0])
        nesterov.update(&other, along: TwoParameters.gradient([2]))   // v = 2; w −= 0.1·(2 + 0.5·2)
        expectClose(other.weight.scalars, [-0.3])
    }

    @Test func adagradDividesByAccumulatedGradientNorm() {
        var model = TwoParameters(weight: [0])
        let adagrad = Adagrad<TwoParameters>(learningRate: 0.5)
        adagrad.update(&model, along: TwoParameters.gradient([2]))    // G = 4: w −= 0.5·2/2
        expectClose(model.weight.scalars, [-0.5])
        adagrad.update(&model, along: TwoParameters.gradient([1]))    // G = 5: w −= 0.5·1/√5
        expectClose(model.weight.scalars, [-0.5 - 0.5 / 5.0.squareRoot()])
    }

    @Test func clippingScalesAllGradientsByTheGlobalNorm() {
        // dense gradient 3, embedding row 1 gets 2 + 2 = 4 (a repeated id): global norm 5
        var model = TwoParameters(weight: [0])
        let sgd = SGD<TwoParameters>(learningRate: 1, clipNorm: 1)
        sgd.update(&model, along: TwoParameters.gradient([3], ids: [1, 1], rows: [2, 2]))
        #expect(abs(sgd.lastGradientNorm - 5) < 1e-6)
        expectClose(model.weight.scalars, [-0.6])
        expectClose(model.table.table.scalars, [10, 20 - 0.8, 30])
        // below the threshold nothing is scaled
        let loose = SGD<TwoParameters>(learningRate: 1, clipNorm: 10)
        var other = TwoParameters(weight: [0])
        loose.update(&other, along: TwoParameters.gradient([3]))
        expectClose(other.weight.scalars, [-3])
    }

    @Test func weightDecayAddsL2GradientToTouchedParametersOnly() {
        var model = TwoParameters(weight: [2])
        let sgd = SGD<TwoParameters>(learningRate: 0.1, weightDecay: 0.5)
        sgd.update(&model, along: TwoParameters.gradient([1], ids: [2], rows: [0]))
        expectClose(model.weight.scalars, [2 - 0.1 * (1 + 0.5 * 2)])
        // row 2 is decayed (30 − 0.1·0.5·30); rows 0 and 1 were not looked up and stay (lazy)
        expectClose(model.table.table.scalars, [10, 20, 28.5])
    }

    @Test func lazyAdamUpdatesOnlyLookedUpRowsWithSummedDuplicates() {
        var model = TwoParameters(weight: [0])
        let adam = Adam<TwoParameters>(learningRate: 0.1)
        // row 0 gets 1 − 3 = −2 (one id twice): first Adam step moves it by +lr
        adam.update(&model, along: TwoParameters.gradient([], ids: [0, 0], rows: [1, -3]))
        expectClose(model.table.table.scalars, [10.1, 20, 30])
        #expect(model.weight.scalars == [0])
        // a step touching row 2 only leaves row 0's moments where they were
        adam.update(&model, along: TwoParameters.gradient([], ids: [2], rows: [1]))
        // row 2's first update at t = 2: m = 0.1, v = 0.001, m̂ = 0.1/0.19, v̂ = 0.001/0.001999
        let step2 = 0.1 * (0.1 / 0.19) / ((0.001 / 0.001999).squareRoot() + 1e-8)
        expectClose(model.table.table.scalars, [10.1, 20, 30 - step2], tolerance: 1e-4)
    }

    @Test func parameterCountCountsEveryScalar() {
        #expect(TwoParameters(weight: [1, 2]).parameterCount == 5)
    }
}
