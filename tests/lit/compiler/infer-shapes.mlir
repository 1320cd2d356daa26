// RUN: kiln-opt --split-input-file --kiln-infer-shapes %s | FileCheck %s

// Tests that unranked results become the shapes the op table infers, and
// that the function's result types follow.
// CHECK-LABEL: func.func @mlp
// CHECK-SAME: -> tensor<?x3xf32>
// CHECK: "kiln.MatMul"{{.*}} -> (tensor<?x3xf32>, !kiln.control)
// CHECK: "kiln.Relu"{{.*}} -> (tensor<?x3xf32>, !kiln.control)
// CHECK: "kiln.Softmax"{{.*}} -> (tensor<?x3xf32>, !kiln.control)
func.func @mlp(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>) -> tensor<*xf32> {
  %0:2 = "kiln.MatMul"(%x, %w) {transpose_a = false, transpose_b = false} : (tensor<?x4xf32>, tensor<4x3xf32>) -> (tensor<*xf32>, !kiln.control)
  %1:2 = "kiln.Relu"(%0#0) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
  %2:2 = "kiln.Softmax"(%1#0) : (tensor<*xf32>) -> (tensor<*xf32>, !kiln.control)
  return %2#0 : tensor<*xf32>
}

// -----

// Tests that constant operands feed shape inference: Reshape with -1,
// reductions with a negative axis, Transpose with a constant perm.
// CHECK-LABEL: func.func @constants
// CHECK: "kiln.Reshape"{{.*}} -> (tensor<3x2xf32>, !kiln.control)
// CHECK: "kiln.Sum"{{.*}} -> (tensor<3xf32>, !kiln.control)
// CHECK: "kiln.Transpose"{{.*}} -> (tensor<2x3xf32>, !kiln.control)
func.func @constants(%a: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %shape:2 = "kiln.Const"() {dtype = i32, value = dense<[3, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %r:2 = "kiln.Reshape"(%a, %shape#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
  %s:2 = "kiln.Sum"(%r#0, %axis#0) {keep_dims = false} : (tensor<*xf32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  %perm:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %t:2 = "kiln.Transpose"(%r#0, %perm#0) : (tensor<*xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return %r#0, %s#0, %t#0 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Tests that known types are never made less precise.
// CHECK-LABEL: func.func @keep
// CHECK: "kiln.Relu"{{.*}} -> (tensor<5x3xf32>, !kiln.control)
func.func @keep(%x: tensor<?x3xf32>) -> tensor<5x3xf32> {
  %0:2 = "kiln.Relu"(%x) : (tensor<?x3xf32>) -> (tensor<5x3xf32>, !kiln.control)
  return %0#0 : tensor<5x3xf32>
}

// -----

// Tests that a variable's read takes the shape its VarHandleOp declares.
// CHECK-LABEL: func.func @variable
// CHECK: "kiln.ReadVariableOp"{{.*}} -> (tensor<4x?xf32>, !kiln.control)
func.func @variable() -> tensor<*xf32> {
  %h:2 = "kiln.VarHandleOp"() {container = "", shared_name = "w", debug_name = "", dtype = f32, shape = #kiln.shape<4x?>, allowed_devices = []} : () -> (tensor<!kiln.resource>, !kiln.control)
  %r:2 = "kiln.ReadVariableOp"(%h#0) {dtype = f32} : (tensor<!kiln.resource>) -> (tensor<*xf32>, !kiln.control)
  return %r#0 : tensor<*xf32>
}

// -----

// Tests that a derived type attr with a default (Tlabels, TI) follows its
// operand: int32 labels and indices are fine.
// CHECK-LABEL: func.func @int32_labels
// CHECK: "kiln.SparseSoftmaxCrossEntropyWithLogits"{{.*}} -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control)
// CHECK: "kiln.OneHot"{{.*}} -> (tensor<8x10xf32>, !kiln.control)
func.func @int32_labels(%logits: tensor<8x10xf32>, %labels: tensor<8xi32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8xi32>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  %depth:2 = "kiln.Const"() {dtype = i32, value = dense<10> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %on:2 = "kiln.Const"() {dtype = f32, value = dense<1.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %off:2 = "kiln.Const"() {dtype = f32, value = dense<0.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %1:2 = "kiln.OneHot"(%labels, %depth#0, %on#0, %off#0) {axis = -1 : i64} : (tensor<8xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return %0#0, %1#0 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Tests that a resource argument's handle data (a FunctionDef's variable
// argument) gives its reads the variable's shape.
// CHECK-LABEL: func.func private @reads_argument
// CHECK: "kiln.ReadVariableOp"{{.*}} -> (tensor<4x3xf32>, !kiln.control)
func.func private @reads_argument(%v: tensor<!kiln.resource> {kiln.handle_data = [{dtype = f32, shape = #kiln.shape<4x3>}]}) -> tensor<*xf32> {
  %r:2 = "kiln.ReadVariableOp"(%v) {dtype = f32} : (tensor<!kiln.resource>) -> (tensor<*xf32>, !kiln.control)
  return %r#0 : tensor<*xf32>
}
