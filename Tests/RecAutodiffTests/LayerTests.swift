import RecAutodiff
import RecCore
import Testing

/// Layers and initialisers.
@Suite struct LayerTests {
    @Test func initialisersAreSeededAndHaveTheirVariance() {
        var rng = SeededGenerator(seed: 1), same = SeededGenerator(seed: 1)
        let he = Tensor(rows: 200, cols: 100, initializer: .heNormal, generator: &rng)
        #expect(he == Tensor(rows: 200, cols: 100, initializer: .heNormal, generator: &same))
        let variance = he.scalars.reduce(0.0) { $0 + Double($1 * $1) } / Double(he.count)
        #expect(abs(variance - 2.0 / 200) < 0.1 * 2.0 / 200)                    // 2 / fanIn
        let limit = (6.0 / 300).squareRoot()
        let glorot = Tensor(rows: 200, cols: 100, initializer: .glorotUniform, generator: &rng)
        #expect(glorot.scalars.allSatisfy { Double(Swift.abs($0)) <= limit })
        #expect(glorot.scalars.contains { Double(Swift.abs($0)) > 0.9 * limit })
        #expect(Tensor(rows: 2, cols: 3, initializer: .zeros, generator: &rng).scalars == [0, 0, 0, 0, 0, 0])
        let normal = Tensor(rows: 100, cols: 100, initializer: .normal(std: 0.01), generator: &rng)
        let std = (normal.scalars.reduce(0.0) { $0 + Double($1 * $1) } / Double(normal.count)).squareRoot()
        #expect(abs(std - 0.01) < 0.001)
    }

    @Test func denseLayerShapesAndForwardValue() {
        var rng = SeededGenerator(seed: 2)
        let layer = Dense(inputSize: 3, outputSize: 2, activation: .relu, generator: &rng)
        #expect(layer.weight.rows == 3 && layer.weight.cols == 2 && layer.bias.scalars == [0, 0])
        #expect(layer.inputSize == 3 && layer.outputSize == 2)
        #expect(layer.parameterCount == 8)
        let fixed = Dense(weight: Tensor(rows: 2, cols: 2, scalars: [1, -1, 2, 1]), bias: Tensor(row: [0.5, -4]),
                          activation: .relu)
        // x = (1, 1): x·W = (3, 0), + b = (3.5, −4), relu = (3.5, 0)
        #expect(fixed(Tensor(row: [1, 1])).scalars == [3.5, 0])
    }

    @Test func embeddingTablesAreSeededAndSized() {
        var rng = SeededGenerator(seed: 3)
        let table = Embedding(count: 5, dimension: 4, generator: &rng)
        #expect(table.count == 5 && table.dimension == 4 && table.parameterCount == 20)
        var moved = table
        moved.move(by: EmbeddingGradient(indices: [1, 1], values: [1, 1, 1, 1, 2, 2, 2, 2], dimension: 4))
        #expect(zip(moved.table.scalars[4..<8], table.table.scalars[4..<8]).allSatisfy { Swift.abs($0 - $1 - 3) < 1e-5 })
        #expect(moved.table.scalars[0..<4] == table.table.scalars[0..<4])
    }
}

@Suite struct ParameterTensorTests {
    @Test func parameterTensorsRoundTripInVisitingOrder() throws {
        let trained = LearningTests.trainXOR(seed: 5).net
        let tensors = trained.parameterTensors
        #expect(tensors.map(\.count) == [16, 8, 8, 1])              // hidden W, b; output W, b
        var fresh = XORNet(seed: 1)
        try fresh.loadParameterTensors(tensors)
        #expect(fresh.hidden.weight == trained.hidden.weight && fresh.output.bias == trained.output.bias)
        #expect(throws: ParameterShapeError.self) { try fresh.loadParameterTensors(Array(tensors.dropLast())) }
        #expect(throws: ParameterShapeError.self) { try fresh.loadParameterTensors(tensors.reversed()) }
        #expect(fresh.output.bias == trained.output.bias)           // unchanged by the failed loads
    }
}
