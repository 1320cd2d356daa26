// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Tests that MatMul's shape function reports mismatched inner dimensions.
// (The verifier adds "failed to infer returned types" after each message.)
func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'MatMul' inner dimensions differ: 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.MatMul"(%a, %b) {transpose_a = false, transpose_b = false} : (tensor<2x3xf32>, tensor<4x5xf32>) -> (tensor<2x5xf32>, !kiln.control)
  return
}

// -----

// Tests that operands of one type attr must share a dtype.
func.func @dtype_mismatch(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{'AddV2' input 'y' has dtype int32 but 'T' is float}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.AddV2"(%a, %b) : (tensor<2xf32>, tensor<2xi32>) -> (tensor<2xf32>, !kiln.control)
  return
}

// -----

// Tests that the values of a list share one dtype; errors name the element.
func.func @list_dtype(%x: tensor<2xf32>, %y: tensor<2xi32>, %a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' input 'values[1]' has dtype int32 but 'T' is float}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %y, %a) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2xf32>, tensor<2xi32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an empty list leaves its type attr with no operand to come from.
func.func @empty_list(%a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' missing attr 'T'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%a) {operandSegmentSizes = array<i32: 0, 1, 0>} : (tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a list length attr, when written, must match the list.
func.func @list_length(%x: tensor<2xf32>, %a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' attr 'N' is 3 but 2 inputs were given for it}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %x, %a) {N = 3 : i64, operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2xf32>, tensor<2xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that broadcasting incompatible shapes is rejected.
func.func @broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'Mul' shapes [2,3] and [4] are not broadcastable}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Mul"(%a, %b) : (tensor<2x3xf32>, tensor<4xf32>) -> (tensor<2x3xf32>, !kiln.control)
  return
}

// -----

// Tests that dtypes outside an op's allowed set are rejected.
func.func @sqrt_int(%a: tensor<2xi32>) {
  // expected-error @+2 {{'Sqrt' attr 'T' does not allow dtype int32 (allowed: bfloat16, half, float, double, complex64, complex128)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Sqrt"(%a) : (tensor<2xi32>) -> (tensor<2xi32>, !kiln.control)
  return
}

// -----

// Tests that a result type contradicting the inference is rejected.
func.func @wrong_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+2 {{'kiln.MatMul' op inferred type(s) 'tensor<2x4xf32>', '!kiln.control' are incompatible with return type(s) of operation 'tensor<2x5xf32>', '!kiln.control'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.MatMul"(%a, %b) {transpose_a = false, transpose_b = false} : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x5xf32>, !kiln.control)
  return
}

// -----

// Tests that Reshape checks the element count of a constant shape.
func.func @reshape(%a: tensor<2x3xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[4, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' cannot reshape 6 elements into [4,-1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%a, %s#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a missing required attr is reported.
func.func @cast(%a: tensor<2xf32>) {
  // expected-error @+1 {{requires attribute 'DstT'}}
  %0:2 = "kiln.Cast"(%a) : (tensor<2xf32>) -> (tensor<2xi32>, !kiln.control)
  return
}

// -----

// Tests that data operands must be tensors of a TensorFlow dtype.
func.func @not_tensor(%a: tensor<2xindex>) {
  // expected-error @+2 {{'Relu' operand 0 is not a tensor of a TensorFlow dtype}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Relu"(%a) : (tensor<2xindex>) -> (tensor<2xindex>, !kiln.control)
  return
}

// -----

// Tests that a read must use its variable's dtype (TensorFlow's handle data).
func.func @read_dtype() {
  %h:2 = "kiln.VarHandleOp"() {container = "", shared_name = "v", debug_name = "", dtype = f32, shape = #kiln.shape<3>, allowed_devices = []} : () -> (tensor<!kiln.resource>, !kiln.control)
  // expected-error @+2 {{'ReadVariableOp' uses a float variable as int32}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:2 = "kiln.ReadVariableOp"(%h#0) {dtype = i32} : (tensor<!kiln.resource>) -> (tensor<3xi32>, !kiln.control)
  return
}

// -----

// Tests that an assign must fit its variable's shape.
func.func @assign_shape(%v: tensor<4xf32>) {
  %h:2 = "kiln.VarHandleOp"() {container = "", shared_name = "v", debug_name = "", dtype = f32, shape = #kiln.shape<3>, allowed_devices = []} : () -> (tensor<!kiln.resource>, !kiln.control)
  // expected-error @+2 {{'AssignVariableOp' assigns a value of shape [4] to a variable of shape [3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %a = "kiln.AssignVariableOp"(%h#0, %v) {dtype = f32, validate_shape = false} : (tensor<!kiln.resource>, tensor<4xf32>) -> !kiln.control
  return
}
