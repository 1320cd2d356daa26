// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the base and state ops (runtime/graph/shape_fns_base.cc).
// Each message is followed by MLIR's "failed to infer returned types" on the
// same op. invalid.mlir has the variable read and assign cases.

// Tests that a constant's value has the dtype its `dtype` attr names.
func.func @const_dtype() {
  // expected-error @+2 {{'Const' value has dtype int32 but 'dtype' is float}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Const"() {dtype = f32, value = dense<[1, 2]> : tensor<2xi32>} : () -> (tensor<2xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant's value must be a tensor of a TensorFlow dtype
// (an array attr reads as no value at all).
func.func @const_not_tensor() {
  // The ODS attr constraint rejects it before the shape function runs.
  // expected-error @+1 {{attribute 'value' failed to satisfy constraint: a tensor (TensorProto)}}
  %0:2 = "kiln.Const"() {dtype = i32, value = [1, 2]} : () -> (tensor<2xi32>, !kiln.control)
  return
}

// -----

// Tests that a Placeholder's dtype must be a TensorFlow dtype.
func.func @placeholder_dtype() {
  // The ODS attr constraint rejects it before the shape function runs.
  // expected-error @+1 {{attribute 'dtype' failed to satisfy constraint: a TensorFlow dtype}}
  %0:2 = "kiln.Placeholder"() {dtype = index} : () -> (tensor<*xindex>, !kiln.control)
  return
}

// -----

// Tests that a resource operand must hold a resource.
func.func @read_not_resource(%h: tensor<f32>) {
  // expected-error @+2 {{'ReadVariableOp' input 'resource' has dtype float but must be resource}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ReadVariableOp"(%h) {dtype = f32} : (tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a resource handle is a scalar.
func.func @read_handle_rank(%h: tensor<2x!kiln.resource>) {
  // expected-error @+2 {{'ReadVariableOp' input 'resource' must have rank 0 but has shape [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ReadVariableOp"(%h) {dtype = f32} : (tensor<2x!kiln.resource>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an assign's handle is a scalar too.
func.func @assign_handle_rank(%h: tensor<1x!kiln.resource>, %v: tensor<3xf32>) {
  // expected-error @+2 {{'AssignVariableOp' input 'resource' must have rank 0 but has shape [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.AssignVariableOp"(%h, %v) {dtype = f32} : (tensor<1x!kiln.resource>, tensor<3xf32>) -> !kiln.control
  return
}

// -----

// Tests that an assigned value has the op's `dtype`.
func.func @assign_value_dtype(%h: tensor<!kiln.resource>, %v: tensor<3xi32>) {
  // expected-error @+2 {{'AssignVariableOp' input 'value' has dtype int32 but 'dtype' is float}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.AssignVariableOp"(%h, %v) {dtype = f32} : (tensor<!kiln.resource>, tensor<3xi32>) -> !kiln.control
  return
}

// -----

// Tests that an assign must use its variable's dtype.
func.func @assign_variable_dtype(%v: tensor<3xi32>) {
  %h:2 = "kiln.VarHandleOp"() {container = "", shared_name = "v", debug_name = "", dtype = f32, shape = #kiln.shape<3>, allowed_devices = []} : () -> (tensor<!kiln.resource>, !kiln.control)
  // expected-error @+2 {{'AssignVariableOp' uses a float variable as int32}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.AssignVariableOp"(%h#0, %v) {dtype = i32} : (tensor<!kiln.resource>, tensor<3xi32>) -> !kiln.control
  return
}
