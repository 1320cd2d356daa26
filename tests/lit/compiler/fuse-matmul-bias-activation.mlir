// RUN: kiln-opt --split-input-file --kiln-fuse-matmul-bias-activation %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-fuse-matmul-bias-activation --mlir-print-debuginfo --mlir-print-local-scope %s | FileCheck %s --check-prefix=LOC

// Tests that the Fashion MNIST MLP's three dense layers (MatMul, BiasAdd and
// Relu twice, then MatMul and BiasAdd) become three fused matmuls, the
// Softmax after them staying, and that each names the nodes it absorbed.
// CHECK-LABEL: func.func @fashion_mlp
// CHECK: %[[H1:.*]] = kiln.fused_matmul %arg0, %arg1, %arg2 {activation = "Relu"} : (tensor<?x784xf32>, tensor<784x300xf32>, tensor<300xf32>) -> tensor<?x300xf32>
// CHECK: %[[H2:.*]] = kiln.fused_matmul %[[H1]], %arg3, %arg4 {activation = "Relu"}
// CHECK: %[[L:.*]] = kiln.fused_matmul %[[H2]], %arg5, %arg6 : (tensor<?x100xf32>, tensor<100x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: "kiln.Softmax"(%[[L]])
// CHECK-NOT: "kiln.MatMul"
// CHECK-NOT: "kiln.BiasAdd"
// CHECK-NOT: "kiln.Relu"
// LOC-LABEL: func.func @fashion_mlp
// LOC: kiln.fused_matmul {{.*}} loc(fused["dense/MatMul", "dense/BiasAdd", "dense/Relu"])
// LOC: kiln.fused_matmul {{.*}} loc(fused["dense_1/MatMul", "dense_1/BiasAdd", "dense_1/Relu"])
// LOC: kiln.fused_matmul {{.*}} loc(fused["dense_2/MatMul", "dense_2/BiasAdd"])
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

// Tests that an AddV2 of a vector over the last dim counts as a bias (on
// either side), that the transposes carry over, and that an activation
// without a bias is absorbed too.
// CHECK-LABEL: func.func @addv2_and_transposes
// CHECK: %[[A:.*]] = kiln.fused_matmul %arg0, %arg1, %arg2 {activation = "Tanh", transpose_b = true}
// CHECK: kiln.fused_matmul %[[A]], %arg3 {activation = "Sigmoid", transpose_a = true}
// CHECK-NOT: "kiln.AddV2"
func.func @addv2_and_transposes(%x: tensor<4x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>, %v: tensor<4x5xf32>) -> tensor<6x5xf32> {
  %0:2 = "kiln.MatMul"(%x, %w) {transpose_a = false, transpose_b = true} : (tensor<4x8xf32>, tensor<6x8xf32>) -> (tensor<4x6xf32>, !kiln.control)
  %1:2 = "kiln.AddV2"(%b, %0#0) : (tensor<6xf32>, tensor<4x6xf32>) -> (tensor<4x6xf32>, !kiln.control)
  %2:2 = "kiln.Tanh"(%1#0) : (tensor<4x6xf32>) -> (tensor<4x6xf32>, !kiln.control)
  %3:2 = "kiln.MatMul"(%2#0, %v) {transpose_a = true, transpose_b = false} : (tensor<4x6xf32>, tensor<4x5xf32>) -> (tensor<6x5xf32>, !kiln.control)
  %4:2 = "kiln.Sigmoid"(%3#0) : (tensor<6x5xf32>) -> (tensor<6x5xf32>, !kiln.control)
  return %4#0 : tensor<6x5xf32>
}

// -----

// Tests that BatchMatMulV2 becomes a batched fused matmul with its adjoints
// as the transposes.
// CHECK-LABEL: func.func @batched
// CHECK: kiln.fused_matmul %arg0, %arg1, %arg2 {activation = "Elu", batched = true, transpose_a = true} : (tensor<3x5x2xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<3x2x4xf32>
func.func @batched(%x: tensor<3x5x2xf32>, %y: tensor<5x4xf32>, %b: tensor<4xf32>) -> tensor<3x2x4xf32> {
  %0:2 = "kiln.BatchMatMulV2"(%x, %y) {adj_x = true, adj_y = false} : (tensor<3x5x2xf32>, tensor<5x4xf32>) -> (tensor<3x2x4xf32>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NHWC"} : (tensor<3x2x4xf32>, tensor<4xf32>) -> (tensor<3x2x4xf32>, !kiln.control)
  %2:2 = "kiln.Elu"(%1#0) : (tensor<3x2x4xf32>) -> (tensor<3x2x4xf32>, !kiln.control)
  return %2#0 : tensor<3x2x4xf32>
}

// -----

// Tests that nothing is absorbed across a control edge: a BiasAdd waiting on
// another node stays (the matmul alone is fused), and a matmul whose control
// token is used stays a MatMul.
// CHECK-LABEL: func.func @control_edges
// CHECK: %[[P:.*]] = kiln.fused_matmul %arg0, %arg1 :
// CHECK: "kiln.BiasAdd"(%[[P]], %arg2, %{{.*}})
// CHECK: "kiln.MatMul"
// CHECK: "kiln.Relu"
func.func @control_edges(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %init = "kiln.NoOp"() : () -> !kiln.control
  %0:2 = "kiln.MatMul"(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b, %init) {data_format = "NHWC"} : (tensor<2x4xf32>, tensor<4xf32>, !kiln.control) -> (tensor<2x4xf32>, !kiln.control)
  %2:2 = "kiln.MatMul"(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %3:2 = "kiln.Relu"(%2#0, %2#1) : (tensor<2x4xf32>, !kiln.control) -> (tensor<2x4xf32>, !kiln.control)
  return %1#0, %3#0 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that a product read twice keeps its BiasAdd and Relu outside.
// CHECK-LABEL: func.func @two_uses
// CHECK: %[[P:.*]] = kiln.fused_matmul %arg0, %arg1 :
// CHECK: "kiln.BiasAdd"(%[[P]], %arg2)
// CHECK: "kiln.Relu"(%[[P]])
func.func @two_uses(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0:2 = "kiln.MatMul"(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NHWC"} : (tensor<2x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %2:2 = "kiln.Relu"(%0#0) : (tensor<2x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  return %1#0, %2#0 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that a non-f32 matmul is left alone.
// CHECK-LABEL: func.func @f64
// CHECK: "kiln.MatMul"
// CHECK: "kiln.BiasAdd"
// CHECK-NOT: kiln.fused_matmul
func.func @f64(%x: tensor<2x3xf64>, %w: tensor<3x4xf64>, %b: tensor<4xf64>) -> tensor<2x4xf64> {
  %0:2 = "kiln.MatMul"(%x, %w) : (tensor<2x3xf64>, tensor<3x4xf64>) -> (tensor<2x4xf64>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NHWC"} : (tensor<2x4xf64>, tensor<4xf64>) -> (tensor<2x4xf64>, !kiln.control)
  return %1#0 : tensor<2x4xf64>
}

// -----

// Tests that a BiasAdd in NCHW (over dim 1, not the last) and an AddV2 of
// a full matrix are not taken as a bias; the Relu after them stays too.
// CHECK-LABEL: func.func @not_a_bias
// CHECK: %[[P:.*]] = kiln.fused_matmul %arg0, %arg1 {batched = true} :
// CHECK: "kiln.BiasAdd"(%[[P]], %arg2) {data_format = "NCHW"}
// CHECK: %[[Q:.*]] = kiln.fused_matmul %arg3, %arg1 :
// CHECK: "kiln.AddV2"(%[[Q]], %arg4)
// CHECK: "kiln.Relu"
func.func @not_a_bias(%x: tensor<2x3x5xf32>, %w: tensor<5x4xf32>, %b: tensor<3xf32>, %y: tensor<2x5xf32>, %m: tensor<2x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x4xf32>) {
  %0:2 = "kiln.BatchMatMulV2"(%x, %w) : (tensor<2x3x5xf32>, tensor<5x4xf32>) -> (tensor<2x3x4xf32>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NCHW"} : (tensor<2x3x4xf32>, tensor<3xf32>) -> (tensor<2x3x4xf32>, !kiln.control)
  %2:2 = "kiln.MatMul"(%y, %w) : (tensor<2x5xf32>, tensor<5x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %3:2 = "kiln.AddV2"(%2#0, %m) : (tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  %4:2 = "kiln.Relu"(%3#0) : (tensor<2x4xf32>) -> (tensor<2x4xf32>, !kiln.control)
  return %1#0, %4#0 : tensor<2x3x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that the CNN's convolutions absorb their BiasAdd and Relu (the
// Conv2D's attrs kept in `conv`), that an NCHW convolution takes only an
// NCHW BiasAdd, and that a Conv2D whose output has a second user stays
// unfused beyond itself.
// CHECK-LABEL: func.func @cnn
// CHECK: %[[C:.*]] = kiln.fused_conv2d %arg0, %arg1, %arg2 {activation = "Relu", conv = {data_format = "NHWC", padding = "VALID", strides = [1, 1, 1, 1]}} : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
// CHECK: "kiln.MaxPool"(%[[C]])
// CHECK: %[[N:.*]] = kiln.fused_conv2d %arg3, %arg4, %arg5 {activation = "Tanh", conv = {data_format = "NCHW", padding = "SAME", strides = [1, 1, 2, 2]}}
// CHECK: %[[P:.*]] = kiln.fused_conv2d %arg3, %arg4 {conv = {data_format = "NCHW", padding = "SAME", strides = [1, 1, 2, 2]}}
// CHECK: "kiln.BiasAdd"(%[[P]], %arg6) {data_format = "NHWC"}
// CHECK-NOT: "kiln.Conv2D"
// LOC-LABEL: func.func @cnn
// LOC: kiln.fused_conv2d {{.*}} loc(fused["conv2d/Conv2D", "conv2d/BiasAdd", "conv2d/Relu"])
func.func @cnn(%x: tensor<?x28x28x1xf32>, %w: tensor<3x3x1x32xf32>, %b: tensor<32xf32>, %y: tensor<2x3x8x8xf32>, %v: tensor<3x3x3x4xf32>, %c: tensor<4xf32>, %d: tensor<4xf32>) -> (tensor<?x13x13x32xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>) {
  %0:2 = "kiln.Conv2D"(%x, %w) {data_format = "NHWC", padding = "VALID", strides = [1, 1, 1, 1]} : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>) -> (tensor<?x26x26x32xf32>, !kiln.control) loc("conv2d/Conv2D")
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NHWC"} : (tensor<?x26x26x32xf32>, tensor<32xf32>) -> (tensor<?x26x26x32xf32>, !kiln.control) loc("conv2d/BiasAdd")
  %2:2 = "kiln.Relu"(%1#0) : (tensor<?x26x26x32xf32>) -> (tensor<?x26x26x32xf32>, !kiln.control) loc("conv2d/Relu")
  %3:2 = "kiln.MaxPool"(%2#0) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<?x26x26x32xf32>) -> (tensor<?x13x13x32xf32>, !kiln.control)
  %4:2 = "kiln.Conv2D"(%y, %v) {data_format = "NCHW", padding = "SAME", strides = [1, 1, 2, 2]} : (tensor<2x3x8x8xf32>, tensor<3x3x3x4xf32>) -> (tensor<2x4x4x4xf32>, !kiln.control)
  %5:2 = "kiln.BiasAdd"(%4#0, %c) {data_format = "NCHW"} : (tensor<2x4x4x4xf32>, tensor<4xf32>) -> (tensor<2x4x4x4xf32>, !kiln.control)
  %6:2 = "kiln.Tanh"(%5#0) : (tensor<2x4x4x4xf32>) -> (tensor<2x4x4x4xf32>, !kiln.control)
  %7:2 = "kiln.Conv2D"(%y, %v) {data_format = "NCHW", padding = "SAME", strides = [1, 1, 2, 2]} : (tensor<2x3x8x8xf32>, tensor<3x3x3x4xf32>) -> (tensor<2x4x4x4xf32>, !kiln.control)
  %8:2 = "kiln.BiasAdd"(%7#0, %d) {data_format = "NHWC"} : (tensor<2x4x4x4xf32>, tensor<4xf32>) -> (tensor<2x4x4x4xf32>, !kiln.control)
  return %3#0, %6#0, %8#0 : tensor<?x13x13x32xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>
}
