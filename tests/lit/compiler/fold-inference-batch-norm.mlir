// RUN: kiln-opt --split-input-file --kiln-fold-inference-batch-norm --kiln-fold-constants %s | FileCheck %s

// Tests that an inference batch norm after a constant-filter Conv2D becomes
// the Conv2D with a scaled filter plus a bias, both folded: with epsilon 1,
// a = scale / sqrt(var + 1) = [0.5, 2], b = offset - mean a = [0, 1], and
// the filter [2, 4] becomes [1, 8].
// CHECK-LABEL: func.func @conv_bn
// CHECK-DAG: "kiln.Const"() {{.*}}value = dense<{{\[\[\[\[}}1.000000e+00, 8.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: "kiln.Const"() {{.*}}value = dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: "kiln.Conv2D"
// CHECK: "kiln.AddV2"
// CHECK-NOT: "kiln.FusedBatchNormV3"
func.func @conv_bn(%x: tensor<?x4x4x1xf32>) -> tensor<?x4x4x2xf32> {
  %w:2 = "kiln.Const"() {dtype = f32, value = dense<[[[[2.0, 4.0]]]]> : tensor<1x1x1x2xf32>} : () -> (tensor<1x1x1x2xf32>, !kiln.control)
  %s:2 = "kiln.Const"() {dtype = f32, value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control)
  %o:2 = "kiln.Const"() {dtype = f32, value = dense<[0.5, 1.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control)
  %m:2 = "kiln.Const"() {dtype = f32, value = dense<[1.0, 0.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control)
  %v:2 = "kiln.Const"() {dtype = f32, value = dense<[3.0, 0.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control)
  %c:2 = "kiln.Conv2D"(%x, %w#0) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<?x4x4x1xf32>, tensor<1x1x1x2xf32>) -> (tensor<?x4x4x2xf32>, !kiln.control)
  %y:7 = "kiln.FusedBatchNormV3"(%c#0, %s#0, %o#0, %m#0, %v#0) {epsilon = 1.0 : f32, is_training = false} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<0xf32>, !kiln.control)
  return %y#0 : tensor<?x4x4x2xf32>
}

// -----

// Tests that without a convolution the batch norm becomes x * a + b, and
// that a training batch norm stays.
// CHECK-LABEL: func.func @alone_and_training
// CHECK: "kiln.Mul"(%arg0
// CHECK: "kiln.AddV2"
// CHECK: "kiln.FusedBatchNormV3"(%arg0{{.*}}is_training = true
// CHECK-NOT: "kiln.FusedBatchNormV3"
func.func @alone_and_training(%x: tensor<2x3x3x2xf32>, %p: tensor<2xf32>) -> (tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) {
  %a:7 = "kiln.FusedBatchNormV3"(%x, %p, %p, %p, %p) {is_training = false} : (tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<0xf32>, !kiln.control)
  %b:7 = "kiln.FusedBatchNormV3"(%x, %p, %p, %p, %p) {is_training = true} : (tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<0xf32>, !kiln.control)
  return %a#0, %b#0 : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>
}
