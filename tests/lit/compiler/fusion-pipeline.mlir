// RUN: kiln-opt --split-input-file --kiln-fusion %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-fusion=fuse=false %s | FileCheck %s --check-prefix=UNFUSED

// Tests that the Fashion MNIST MLP becomes three fused matmuls and one
// fusion holding the decomposed softmax; unfused, the matmuls stay and each
// op of the softmax and every bias add and relu is its own fusion.
// CHECK-LABEL: func.func @fashion_mlp
// CHECK: %[[H1:.*]] = kiln.fused_matmul %arg0, %arg1, %arg2 {activation = "Relu"}
// CHECK: %[[H2:.*]] = kiln.fused_matmul %[[H1]], %arg3, %arg4 {activation = "Relu"}
// CHECK: %[[L:.*]] = kiln.fused_matmul %[[H2]], %arg5, %arg6 :
// CHECK: %[[P:.*]] = kiln.fusion(%[[L]]) : (tensor<?x10xf32>) -> tensor<?x10xf32>
// CHECK: "kiln.Max"
// CHECK: "kiln.RealDiv"
// CHECK: kiln.yield
// CHECK: return %[[P]]
// CHECK-NOT: kiln.fusion
// UNFUSED-LABEL: func.func @fashion_mlp
// UNFUSED-NOT: kiln.fused_matmul
// UNFUSED: "kiln.MatMul"
// UNFUSED-COUNT-2: kiln.fusion(
// UNFUSED: "kiln.MatMul"
// UNFUSED-COUNT-2: kiln.fusion(
// UNFUSED: "kiln.MatMul"
// UNFUSED-COUNT-6: kiln.fusion(
// UNFUSED-NOT: kiln.fusion(
func.func @fashion_mlp(%x: tensor<?x784xf32>, %w1: tensor<784x300xf32>, %b1: tensor<300xf32>, %w2: tensor<300x100xf32>, %b2: tensor<100xf32>, %w3: tensor<100x10xf32>, %b3: tensor<10xf32>) -> tensor<?x10xf32> {
  %0:2 = "kiln.MatMul"(%x, %w1) {transpose_a = false, transpose_b = false} : (tensor<?x784xf32>, tensor<784x300xf32>) -> (tensor<?x300xf32>, !kiln.control) loc("dense/MatMul")
  %1:2 = "kiln.BiasAdd"(%0#0, %b1) {data_format = "NHWC"} : (tensor<?x300xf32>, tensor<300xf32>) -> (tensor<?x300xf32>, !kiln.control) loc("dense/BiasAdd")
  %2:2 = "kiln.Relu"(%1#0) : (tensor<?x300xf32>) -> (tensor<?x300xf32>, !kiln.control) loc("dense/Relu")
  %3:2 = "kiln.MatMul"(%2#0, %w2) {transpose_a = false, transpose_b = false} : (tensor<?x300xf32>, tensor<300x100xf32>) -> (tensor<?x100xf32>, !kiln.control) loc("dense_1/MatMul")
  %4:2 = "kiln.BiasAdd"(%3#0, %b2) {data_format = "NHWC"} : (tensor<?x100xf32>, tensor<100xf32>) -> (tensor<?x100xf32>, !kiln.control) loc("dense_1/BiasAdd")
  %5:2 = "kiln.Relu"(%4#0) : (tensor<?x100xf32>) -> (tensor<?x100xf32>, !kiln.control) loc("dense_1/Relu")
  %6:2 = "kiln.MatMul"(%5#0, %w3) {transpose_a = false, transpose_b = false} : (tensor<?x100xf32>, tensor<100x10xf32>) -> (tensor<?x10xf32>, !kiln.control) loc("dense_2/MatMul")
  %7:2 = "kiln.BiasAdd"(%6#0, %b3) {data_format = "NHWC"} : (tensor<?x10xf32>, tensor<10xf32>) -> (tensor<?x10xf32>, !kiln.control) loc("dense_2/BiasAdd")
  %8:2 = "kiln.Softmax"(%7#0) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control) loc("dense_2/Softmax")
  return %8#0 : tensor<?x10xf32>
}

// -----

// Tests that a sparse cross-entropy loss stays one op: TensorFlow rejects
// labels outside [0, classes), which the runtime's kernel checks and a
// generated kernel could not report.
// CHECK-LABEL: func.func @sparse_cross_entropy
// UNFUSED-LABEL: func.func @sparse_cross_entropy
// CHECK-NOT: kiln.fusion
// CHECK: "kiln.SparseSoftmaxCrossEntropyWithLogits"
// CHECK-NOT: kiln.fusion
// CHECK: return
func.func @sparse_cross_entropy(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>) {
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<?x10xf32>, tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>, !kiln.control) loc("loss")
  return %0#0, %0#1 : tensor<?xf32>, tensor<?x10xf32>
}

// -----

// Tests that a dense cross-entropy loss becomes one fusion too.
// CHECK-LABEL: func.func @cross_entropy
// CHECK: kiln.fusion(%arg0, %arg1) : (tensor<8x10xf32>, tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>)
// CHECK-NOT: kiln.fusion
func.func @cross_entropy(%logits: tensor<8x10xf32>, %labels: tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>) {
  %0:3 = "kiln.SoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control)
  return %0#0, %0#1 : tensor<8xf32>, tensor<8x10xf32>
}
