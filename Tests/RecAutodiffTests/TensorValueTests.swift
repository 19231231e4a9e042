import RecAutodiff
import Testing

@Suite struct TensorValueTests {
    @Test func additionOfShapelessZeroIsIdentity() {
        let x = Tensor(rows: 1, cols: 2, scalars: [1, 2])
        #expect(x + .zero == x)
    }
}
