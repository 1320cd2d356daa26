// RUN: kiln-opt --split-input-file --kiln-decompose-composites %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-decompose-composites=unchecked-sparse-labels %s | FileCheck %s --check-prefix=UNCHECKED
// RUN: kiln-opt --split-input-file --kiln-decompose-composites --mlir-print-debuginfo --mlir-print-local-scope %s | FileCheck %s --check-prefix=LOC

// Tests that Softmax becomes the stable formula over the last axis:
// m = max(x), e = exp(x - m), e / sum(e), named after the node.
// CHECK-LABEL: func.func @softmax
// CHECK: %[[AXIS:.*]], %{{.*}} = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>}
// CHECK: %[[MAX:.*]], %{{.*}} = "kiln.Max"(%arg0, %[[AXIS]]) {keep_dims = true} : (tensor<?x10xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
// CHECK: %[[SUB:.*]], %{{.*}} = "kiln.Sub"(%arg0, %[[MAX]])
// CHECK: %[[EXP:.*]], %{{.*}} = "kiln.Exp"(%[[SUB]])
// CHECK: %[[SUM:.*]], %{{.*}} = "kiln.Sum"(%[[EXP]], %[[AXIS]]) {keep_dims = true}
// CHECK: %[[DIV:.*]], %{{.*}} = "kiln.RealDiv"(%[[EXP]], %[[SUM]]) : (tensor<?x10xf32>, tensor<?x1xf32>) -> (tensor<?x10xf32>, !kiln.control)
// CHECK: return %[[DIV]]
// CHECK-NOT: "kiln.Softmax"
// LOC-LABEL: func.func @softmax
// LOC: "kiln.Max"{{.*}} loc("probs/Softmax/max")
// LOC: "kiln.RealDiv"{{.*}} loc("probs/Softmax/softmax")
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0:2 = "kiln.Softmax"(%x) : (tensor<?x10xf32>) -> (tensor<?x10xf32>, !kiln.control) loc("probs/Softmax")
  return %0#0 : tensor<?x10xf32>
}

// -----

// Tests that LogSoftmax becomes (x - m) - log(sum(exp(x - m))), here in f64
// over the last of three axes.
// CHECK-LABEL: func.func @log_softmax
// CHECK: "kiln.Const"() {dtype = i32, value = dense<2> : tensor<i32>}
// CHECK: "kiln.Max"
// CHECK: %[[SUB:.*]], %{{.*}} = "kiln.Sub"
// CHECK: "kiln.Exp"
// CHECK: %[[SUM:.*]], %{{.*}} = "kiln.Sum"
// CHECK: %[[LOG:.*]], %{{.*}} = "kiln.Log"(%[[SUM]])
// CHECK: %[[R:.*]], %{{.*}} = "kiln.Sub"(%[[SUB]], %[[LOG]]) : (tensor<2x3x4xf64>, tensor<2x3x1xf64>) -> (tensor<2x3x4xf64>, !kiln.control)
// CHECK: return %[[R]]
func.func @log_softmax(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
  %0:2 = "kiln.LogSoftmax"(%x) : (tensor<2x3x4xf64>) -> (tensor<2x3x4xf64>, !kiln.control)
  return %0#0 : tensor<2x3x4xf64>
}

// -----

// Tests that the cross-entropy loss becomes -sum(labels * logsoftmax) and its
// backprop softmax - labels.
// CHECK-LABEL: func.func @cross_entropy
// CHECK: %[[EXP:.*]], %{{.*}} = "kiln.Exp"
// CHECK: %[[SUM:.*]], %{{.*}} = "kiln.Sum"(%[[EXP]]
// CHECK: %[[SM:.*]], %{{.*}} = "kiln.RealDiv"(%[[EXP]], %[[SUM]])
// CHECK: %[[LSM:.*]], %{{.*}} = "kiln.Sub"
// CHECK: %[[MUL:.*]], %{{.*}} = "kiln.Mul"(%arg1, %[[LSM]])
// CHECK: %[[TOT:.*]], %{{.*}} = "kiln.Sum"(%[[MUL]], %{{.*}}) {keep_dims = false} : (tensor<8x10xf32>, tensor<i32>) -> (tensor<8xf32>, !kiln.control)
// CHECK: %[[LOSS:.*]], %{{.*}} = "kiln.Neg"(%[[TOT]])
// CHECK: %[[BP:.*]], %{{.*}} = "kiln.Sub"(%[[SM]], %arg1)
// CHECK: return %[[LOSS]], %[[BP]]
// LOC-LABEL: func.func @cross_entropy
// LOC: "kiln.Neg"{{.*}} loc("xent/loss")
// LOC: "kiln.Sub"{{.*}} loc("xent/backprop")
func.func @cross_entropy(%logits: tensor<8x10xf32>, %labels: tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>) {
  %0:3 = "kiln.SoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control) loc("xent")
  return %0#0, %0#1 : tensor<8xf32>, tensor<8x10xf32>
}

// -----

// Tests that sparse labels stay by default (TensorFlow checks their range),
// and with unchecked-sparse-labels become a OneHot over the static class
// dim, the loss keeping the batch dim unknown.
// CHECK-LABEL: func.func @sparse
// CHECK: "kiln.SparseSoftmaxCrossEntropyWithLogits"
// UNCHECKED-LABEL: func.func @sparse
// UNCHECKED-DAG: %[[DEPTH:.*]], %{{.*}} = "kiln.Const"() {dtype = i32, value = dense<10> : tensor<i32>}
// UNCHECKED-DAG: %[[ON:.*]], %{{.*}} = "kiln.Const"() {dtype = f32, value = dense<1.000000e+00> : tensor<f32>}
// UNCHECKED-DAG: %[[OFF:.*]], %{{.*}} = "kiln.Const"() {dtype = f32, value = dense<0.000000e+00> : tensor<f32>}
// UNCHECKED: %[[HOT:.*]], %{{.*}} = "kiln.OneHot"(%arg1, %[[DEPTH]], %[[ON]], %[[OFF]]) {axis = -1 : i64} : (tensor<?xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<?x10xf32>, !kiln.control)
// UNCHECKED: "kiln.Mul"(%[[HOT]]
// UNCHECKED: %[[NEG:.*]], %{{.*}} = "kiln.Neg"{{.*}} -> (tensor<?xf32>, !kiln.control)
// A label outside [0, 10) (no 1 in its OneHot row): NaN, as TF's GPU kernel.
// UNCHECKED: %[[HITS:.*]], %{{.*}} = "kiln.Sum"(%[[HOT]]
// UNCHECKED: %[[VALID:.*]], %{{.*}} = "kiln.Equal"(%[[HITS]]
// UNCHECKED: %[[NAN:.*]], %{{.*}} = "kiln.Const"() {dtype = f32, value = dense<0x7FC00000> : tensor<f32>}
// UNCHECKED: "kiln.SelectV2"(%[[VALID]], %[[NEG]], %[[NAN]])
// UNCHECKED-NOT: SparseSoftmaxCrossEntropyWithLogits
// UNCHECKED: return
func.func @sparse(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>) {
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<?x10xf32>, tensor<?xi64>) -> (tensor<?xf32>, tensor<?x10xf32>, !kiln.control)
  return %0#0, %0#1 : tensor<?xf32>, tensor<?x10xf32>
}

// -----

// Tests that ops stay when they cannot be decomposed: a sparse loss whose
// class dim is unknown, an op with a control edge, and a half-precision
// softmax.
// CHECK-LABEL: func.func @left_alone
// CHECK: "kiln.SparseSoftmaxCrossEntropyWithLogits"
// CHECK: "kiln.Softmax"(%arg0, %{{.*}})
// CHECK: "kiln.Softmax"(%arg2)
// CHECK-NOT: "kiln.Exp"
func.func @left_alone(%logits: tensor<4x?xf32>, %labels: tensor<4xi32>, %h: tensor<4x3xf16>) -> (tensor<4xf32>, tensor<4x?xf32>, tensor<4x3xf16>) {
  %init = "kiln.NoOp"() : () -> !kiln.control
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<4x?xf32>, tensor<4xi32>) -> (tensor<4xf32>, tensor<4x?xf32>, !kiln.control)
  %1:2 = "kiln.Softmax"(%logits, %init) : (tensor<4x?xf32>, !kiln.control) -> (tensor<4x?xf32>, !kiln.control)
  %2:2 = "kiln.Softmax"(%h) : (tensor<4x3xf16>) -> (tensor<4x3xf16>, !kiln.control)
  return %0#0, %1#0, %2#0 : tensor<4xf32>, tensor<4x?xf32>, tensor<4x3xf16>
}
