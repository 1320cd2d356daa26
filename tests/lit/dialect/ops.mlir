// RUN: kiln-opt --split-input-file %s | FileCheck %s
// RUN: kiln-opt --split-input-file %s | kiln-opt --split-input-file | FileCheck %s

// Tests that an MLP's ops parse, verify and print back unchanged, with the
// attrs TensorFlow names and control tokens as SSA values.
// CHECK-LABEL: func.func @mlp
// CHECK: "kiln.MatMul"({{%[^,]+}}, {{%[^,)]+}}) {transpose_a = false, transpose_b = true}
// CHECK-SAME: -> (tensor<?x3xf32>, !kiln.control)
// CHECK: "kiln.BiasAdd"({{%[^,]+}}, {{%[^,)]+}}) {data_format = "NHWC"}
// CHECK: "kiln.Relu"({{%[^,]+}}, {{%control[_0-9]*}}) :
func.func @mlp(%x: tensor<?x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0:2 = "kiln.MatMul"(%x, %w) {transpose_a = false, transpose_b = true} : (tensor<?x4xf32>, tensor<3x4xf32>) -> (tensor<?x3xf32>, !kiln.control)
  %1:2 = "kiln.BiasAdd"(%0#0, %b) {data_format = "NHWC"} : (tensor<?x3xf32>, tensor<3xf32>) -> (tensor<?x3xf32>, !kiln.control)
  %2:2 = "kiln.Relu"(%1#0, %0#1) : (tensor<?x3xf32>, !kiln.control) -> (tensor<?x3xf32>, !kiln.control)
  return %2#0 : tensor<?x3xf32>
}

// -----

// Tests constants, shape attrs, variables and the ops that read them.
// CHECK-LABEL: func.func @variables
// CHECK: "kiln.VarHandleOp"() {{.*}}shape = #kiln.shape<4x?>
// CHECK: "kiln.AssignVariableOp"
// CHECK: "kiln.ReadVariableOp"
// CHECK-SAME: (tensor<!kiln.resource>, !kiln.control) -> (tensor<4x?xf32>, !kiln.control)
func.func @variables(%v: tensor<4x2xf32>) -> tensor<4x?xf32> {
  %h:2 = "kiln.VarHandleOp"() {container = "", shared_name = "w", debug_name = "w", dtype = f32, shape = #kiln.shape<4x?>, allowed_devices = []} : () -> (tensor<!kiln.resource>, !kiln.control)
  %a = "kiln.AssignVariableOp"(%h#0, %v) {dtype = f32, validate_shape = false} : (tensor<!kiln.resource>, tensor<4x2xf32>) -> !kiln.control
  %r:2 = "kiln.ReadVariableOp"(%h#0, %a) {dtype = f32} : (tensor<!kiln.resource>, !kiln.control) -> (tensor<4x?xf32>, !kiln.control)
  return %r#0 : tensor<4x?xf32>
}

// -----

// Tests list operands: ConcatV2 takes N values, an axis and control inputs.
// CHECK-LABEL: func.func @concat
// CHECK: "kiln.ConcatV2"({{%[^,]+}}, {{%[^,]+}}, {{%[^,)]+}})
// CHECK-SAME: -> (tensor<2x6xi32>, !kiln.control)
func.func @concat(%a: tensor<2x3xi32>) -> tensor<2x6xi32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %c:2 = "kiln.ConcatV2"(%a, %a, %axis#0) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2x3xi32>, tensor<2x3xi32>, tensor<i32>) -> (tensor<2x6xi32>, !kiln.control)
  return %c#0 : tensor<2x6xi32>
}

// -----

// Tests that ops Kiln does not know are kept as kiln.opaque.
// CHECK-LABEL: func.func @opaque
// CHECK: "kiln.opaque"(%{{.*}}) {attrs = {T = f32}, op_type = "Erf"
func.func @opaque(%x: tensor<4xf32>) -> tensor<*xf32> {
  %0:2 = "kiln.opaque"(%x) {op_type = "Erf", attrs = {T = f32}, operandSegmentSizes = array<i32: 1, 0>} : (tensor<4xf32>) -> (tensor<*xf32>, !kiln.control)
  return %0#0 : tensor<*xf32>
}

// -----

// Tests two-output ops and the bool results of comparisons.
// CHECK-LABEL: func.func @xent
// CHECK: "kiln.SparseSoftmaxCrossEntropyWithLogits"
// CHECK-SAME: -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control)
// CHECK: "kiln.Equal"{{.*}} -> (tensor<8xi1>, !kiln.control)
func.func @xent(%logits: tensor<8x10xf32>, %labels: tensor<8xi64>) -> (tensor<8xf32>, tensor<8xi1>) {
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8xi64>) -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control)
  %1:2 = "kiln.Equal"(%labels, %labels) {incompatible_shape_error = true} : (tensor<8xi64>, tensor<8xi64>) -> (tensor<8xi1>, !kiln.control)
  return %0#0, %1#0 : tensor<8xf32>, tensor<8xi1>
}
