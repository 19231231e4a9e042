import RecAutodiff
import RecCore
import Testing

/// A two-layer perceptron for 2-D points.
struct XORNet: Module {
    var hidden: Dense
    var output: Dense

    init(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        hidden = Dense(inputSize: 2, outputSize: 8, activation: .tanh, generator: &rng)
        output = Dense(inputSize: 8, outputSize: 1, generator: &rng)
    }

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ x: Tensor) -> Tensor { output(hidden(x)) }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        hidden.visitParameters(&visitor, along: direction.hidden)
        output.visitParameters(&visitor, along: direction.output)
    }
}

/// User and item embeddings scored by their dot product (matrix factorisation).
struct DotModel: Module {
    var users: Embedding
    var items: Embedding

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ pairs: (users: [Int32], items: [Int32])) -> Tensor {
        rowSums(users(pairs.users) * items(pairs.items))
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        users.visitParameters(&visitor, along: direction.users)
        items.visitParameters(&visitor, along: direction.items)
    }
}

/// End-to-end: small models must learn what they are shown.
@Suite struct LearningTests {
    /// 64 noisy points around (±1, ±1), labelled 1 where the signs differ (XOR).
    static func xorData() -> (x: Tensor, y: Tensor) {
        var rng = SeededGenerator(seed: 11)
        var x: [Float] = [], y: [Float] = []
        for k in 0..<64 {
            let sx: Float = k % 2 == 0 ? 1 : -1, sy: Float = (k / 2) % 2 == 0 ? 1 : -1
            x += [sx + 0.3 * Float(rng.nextGaussian()), sy + 0.3 * Float(rng.nextGaussian())]
            y.append(sx == sy ? 0 : 1)
        }
        return (Tensor(rows: 64, cols: 2, scalars: x), Tensor(column: y))
    }

    static func trainXOR(seed: UInt64) -> (net: XORNet, loss: Float) {
        let (x, y) = xorData()
        var net = XORNet(seed: seed)
        let adam = Adam<XORNet>(learningRate: 0.05)
        var loss: Float = 0
        for _ in 0..<300 {
            let (value, grad) = valueWithGradient(at: net) { net in sigmoidCrossEntropy(logits: net(x), labels: y) }
            adam.update(&net, along: grad)
            loss = value
        }
        return (net, loss)
    }

    @Test func mlpLearnsXOR() {
        let (x, y) = Self.xorData()
        let (net, loss) = Self.trainXOR(seed: 5)
        let predicted = net(x).scalars.map { $0 > 0 ? Float(1) : 0 }
        let accuracy = zip(predicted, y.scalars).filter { $0 == $1 }.count
        #expect(accuracy == 64, "accuracy \(accuracy)/64, loss \(loss)")
        #expect(loss < 0.05)
    }

    @Test func trainingIsDeterministicUnderASeed() {
        let first = Self.trainXOR(seed: 5).net, second = Self.trainXOR(seed: 5).net
        #expect(first.hidden.weight == second.hidden.weight)
        #expect(first.output.bias == second.output.bias)
        #expect(Self.trainXOR(seed: 6).net.hidden.weight != first.hidden.weight)
    }

    @Test func embeddingsFitAToyRankingWithBPR() {
        // Two groups of 10 users and 12 items; users like exactly their own group's items.
        let (userCount, itemCount) = (20, 24)
        func likes(_ u: Int, _ i: Int) -> Bool { (u < 10) == (i < 12) }
        var rng = SeededGenerator(seed: 3)
        var model = DotModel(users: Embedding(count: userCount, dimension: 4, initializer: .normal(std: 0.1), generator: &rng),
                             items: Embedding(count: itemCount, dimension: 4, initializer: .normal(std: 0.1), generator: &rng))
        let adam = Adam<DotModel>(learningRate: 0.05)
        var losses: [Float] = []
        for _ in 0..<150 {
            var users: [Int32] = [], positives: [Int32] = [], negatives: [Int32] = []
            for _ in 0..<64 {
                let u = rng.nextInt(below: userCount)
                var p = rng.nextInt(below: itemCount), n = rng.nextInt(below: itemCount)
                while !likes(u, p) { p = rng.nextInt(below: itemCount) }
                while likes(u, n) { n = rng.nextInt(below: itemCount) }
                users.append(Int32(u)); positives.append(Int32(p)); negatives.append(Int32(n))
            }
            let (loss, grad) = valueWithGradient(at: model) { m in
                bprLoss(positive: m((users, positives)), negative: m((users, negatives)))
            }
            adam.update(&model, along: grad)
            losses.append(loss)
        }
        #expect(losses.last! < 0.1 * losses.first!, "BPR loss \(losses.first!) → \(losses.last!)")
        // every user scores every liked item above every other item
        let scores = matmul(model.users.table, model.items.table, transposeB: true)
        for u in 0..<userCount {
            let liked = (0..<itemCount).filter { likes(u, $0) }.map { scores[u, $0] }
            let other = (0..<itemCount).filter { !likes(u, $0) }.map { scores[u, $0] }
            #expect(liked.min()! > other.max()!, "user \(u)")
        }
    }
}

/// A training loop written once for any module, through the protocol's differentiable requirement.
func trainGenerically<M: Module, O: Optimizer>(_ model: inout M, on input: M.Input, labels: Tensor, optimizer: O,
                                               steps: Int) -> Float where M.Output == Tensor, O.Model == M {
    var loss: Float = 0
    for _ in 0..<steps {
        let (value, grad) = valueWithGradient(at: model) { m in sigmoidCrossEntropy(logits: m(input), labels: labels) }
        optimizer.update(&model, along: grad)
        loss = value
    }
    return loss
}

@Suite struct GenericTrainingTests {
    @Test func genericLoopTrainsThroughTheModuleProtocol() {
        let (x, y) = LearningTests.xorData()
        var net = XORNet(seed: 5)
        let loss = trainGenerically(&net, on: x, labels: y, optimizer: Adam<XORNet>(learningRate: 0.05), steps: 300)
        #expect(loss == LearningTests.trainXOR(seed: 5).loss)     // same arithmetic as the concrete loop
        var rng = SeededGenerator(seed: 12)
        var layer = Dense(inputSize: 2, outputSize: 1, generator: &rng)
        let before = trainGenerically(&layer, on: x, labels: y, optimizer: SGD<Dense>(learningRate: 0.1), steps: 1)
        let after = trainGenerically(&layer, on: x, labels: y, optimizer: SGD<Dense>(learningRate: 0.1), steps: 20)
        #expect(after < before)
    }
}
