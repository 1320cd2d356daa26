// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the array ops that reshape or create tensors
// (runtime/graph/shape_fns_array.cc; ConcatV2, Pack and the slices are in
// invalid-array-join-slice.mlir). Each message is followed by MLIR's
// "failed to infer returned types" on the same op.

// Tests that Reshape's shape is a vector.
func.func @reshape_shape_rank(%x: tensor<6xf32>, %s: tensor<i32>) {
  // expected-error @+2 {{'Reshape' input 'shape' must have rank 1 but has shape []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s) : (tensor<6xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that -1 is the only negative size Reshape accepts.
func.func @reshape_negative(%x: tensor<6xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[-2, 3]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' shape [-2,3] has a negative dimension other than -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s#0) : (tensor<6xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Reshape infers at most one dim.
func.func @reshape_two_unknown(%x: tensor<6xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[-1, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' shape [-1,-1] has more than one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s#0) : (tensor<6xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that the known dims of a partly known tensor must divide the target.
func.func @reshape_partial(%x: tensor<?x4xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 3]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' cannot reshape a tensor of shape [?,4] into [2,3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s#0) : (tensor<?x4xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an element count must match a target without -1.
func.func @reshape_count(%x: tensor<2x3xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[4, 2]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' cannot reshape 6 elements into [4,2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a target with a 0 and a -1 holds only 0 elements.
func.func @reshape_zero(%x: tensor<2x3xf32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[0, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Reshape' cannot reshape 6 elements into [0,-1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Reshape"(%x, %s#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Transpose's perm is a vector.
func.func @transpose_perm_rank(%x: tensor<2x3xf32>, %p: tensor<2x1xi32>) {
  // expected-error @+2 {{'Transpose' input 'perm' must have rank 1 but has shape [2,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Transpose"(%x, %p) : (tensor<2x3xf32>, tensor<2x1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that perm has one value per dim of x, by perm's type.
func.func @transpose_perm_size(%x: tensor<2x3xf32>, %p: tensor<3xi32>) {
  // expected-error @+2 {{'Transpose' perm has 3 values but x has shape [2,3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Transpose"(%x, %p) : (tensor<2x3xf32>, tensor<3xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that perm has one value per dim of x, by a constant's values (the
// Const's result may be less precise than its value, hiding the count).
func.func @transpose_perm_values(%x: tensor<2x3xf32>) {
  %p:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 0, 1]> : tensor<3xi32>} : () -> (tensor<?xi32>, !kiln.control)
  // expected-error @+2 {{'Transpose' perm [2,0,1] has 3 values but x has shape [2,3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Transpose"(%x, %p#0) : (tensor<2x3xf32>, tensor<?xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that perm is a permutation.
func.func @transpose_not_permutation(%x: tensor<2x3xf32>) {
  %p:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Transpose' perm [1,1] is not a permutation of 0..1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Transpose"(%x, %p#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that ExpandDims' dim holds one value.
func.func @expand_dims_shape(%x: tensor<3xf32>, %d: tensor<2xi32>) {
  // expected-error @+2 {{'ExpandDims' dim must hold one value but has shape [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ExpandDims"(%x, %d) : (tensor<3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that ExpandDims' dim lies in [-rank - 1, rank].
func.func @expand_dims_range(%x: tensor<3xf32>) {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<-3> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  // expected-error @+2 {{'ExpandDims' dim -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ExpandDims"(%x, %d#0) : (tensor<3xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that squeeze_dims lie in [-rank, rank).
func.func @squeeze_range(%x: tensor<2x1xf32>) {
  // expected-error @+2 {{'Squeeze' squeeze dim 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Squeeze"(%x) {squeeze_dims = [2]} : (tensor<2x1xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that only dims of size 1 can be squeezed.
func.func @squeeze_size(%x: tensor<2x1xf32>) {
  // expected-error @+2 {{'Squeeze' cannot squeeze dimension 0 of shape [2,1]: its size is not 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Squeeze"(%x) {squeeze_dims = [-2]} : (tensor<2x1xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Fill's dims is a vector.
func.func @fill_dims_rank(%d: tensor<2x2xi32>, %v: tensor<f32>) {
  // expected-error @+2 {{'Fill' input 'dims' must have rank 1 but has shape [2,2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Fill"(%d, %v) : (tensor<2x2xi32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Fill's value is a scalar.
func.func @fill_value_rank(%d: tensor<2xi32>, %v: tensor<1xf32>) {
  // expected-error @+2 {{'Fill' input 'value' must have rank 0 but has shape [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Fill"(%d, %v) : (tensor<2xi32>, tensor<1xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that constant dims must not be negative.
func.func @fill_negative(%v: tensor<f32>) {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<[2, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Fill' dims [2,-1] must not be negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Fill"(%d#0, %v) : (tensor<2xi32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that OneHot's depth is a scalar.
func.func @one_hot_depth_rank(%i: tensor<4xi64>, %d: tensor<1xi32>, %v: tensor<f32>) {
  // expected-error @+2 {{'OneHot' input 'depth' must have rank 0 but has shape [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d, %v, %v) : (tensor<4xi64>, tensor<1xi32>, tensor<f32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that OneHot's on_value is a scalar.
func.func @one_hot_on_rank(%i: tensor<4xi64>, %d: tensor<i32>, %on: tensor<2xf32>, %off: tensor<f32>) {
  // expected-error @+2 {{'OneHot' input 'on_value' must have rank 0 but has shape [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d, %on, %off) : (tensor<4xi64>, tensor<i32>, tensor<2xf32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that OneHot's off_value is a scalar.
func.func @one_hot_off_rank(%i: tensor<4xi64>, %d: tensor<i32>, %on: tensor<f32>, %off: tensor<2xf32>) {
  // expected-error @+2 {{'OneHot' input 'off_value' must have rank 0 but has shape [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d, %on, %off) : (tensor<4xi64>, tensor<i32>, tensor<f32>, tensor<2xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that OneHot's axis is -1 or a position.
func.func @one_hot_axis_negative(%i: tensor<4xi64>, %d: tensor<i32>, %v: tensor<f32>) {
  // expected-error @+2 {{'OneHot' axis -2 must be -1 or non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d, %v, %v) {axis = -2 : i64} : (tensor<4xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that OneHot's axis is at most the rank of indices.
func.func @one_hot_axis_range(%i: tensor<4xi64>, %d: tensor<i32>, %v: tensor<f32>) {
  // expected-error @+2 {{'OneHot' axis 2 is out of range for indices of shape [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d, %v, %v) {axis = 2 : i64} : (tensor<4xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant depth must not be negative.
func.func @one_hot_depth(%i: tensor<4xi64>, %v: tensor<f32>) {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  // expected-error @+2 {{'OneHot' depth must be non-negative but is -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.OneHot"(%i, %d#0, %v, %v) : (tensor<4xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}
