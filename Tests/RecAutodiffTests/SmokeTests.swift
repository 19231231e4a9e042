import RecAutodiff
import RecCore
import Testing

struct Net: Module {
    var users: Embedding
    var hidden: Dense
    var output: Dense

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ ids: [Int32]) -> Tensor {
        output(hidden(users(ids)))
    }

    mutating func visitParameters<V: ParameterVisitor>(_ v: inout V, along d: TangentVector) {
        users.visitParameters(&v, along: d.users)
        hidden.visitParameters(&v, along: d.hidden)
        output.visitParameters(&v, along: d.output)
    }
}

@Suite struct SmokeTests {
    @Test func trainsTinyNet() {
        var rng = SeededGenerator(seed: 1)
        var net = Net(users: Embedding(count: 10, dimension: 4, initializer: .normal(std: 0.5), generator: &rng),
                      hidden: Dense(inputSize: 4, outputSize: 8, activation: .relu, generator: &rng),
                      output: Dense(inputSize: 8, outputSize: 1, generator: &rng))
        let ids: [Int32] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let labels = Tensor(column: ids.map { $0 % 2 == 0 ? 1 : 0 })
        let adam = Adam<Net>(learningRate: 0.05)
        var first: Float = 0, last: Float = 0
        for step in 0..<200 {
            let (loss, grad) = valueWithGradient(at: net) { net in sigmoidCrossEntropy(logits: net(ids), labels: labels) }
            adam.update(&net, along: grad)
            if step == 0 { first = loss }
            last = loss
        }
        #expect(last < first * 0.1, "\(first) → \(last)")
    }
}
