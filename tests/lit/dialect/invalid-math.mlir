// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the math ops (runtime/graph/shape_fns_math.cc and the
// dtype checks of shape_context.cc). Each message is followed by MLIR's
// "failed to infer returned types" on the same op.

// Tests that a type attr with a default (Tidx) still checks its allowed set.
func.func @sum_float_indices(%x: tensor<2x3xf32>, %i: tensor<f32>) {
  // expected-error @+2 {{'Sum' attr 'Tidx' does not allow dtype float (allowed: int32, int64)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Sum"(%x, %i) : (tensor<2x3xf32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a type attr written on the op (not fixed by an operand) is
// checked against its allowed set.
func.func @argmax_output_type(%x: tensor<2x3xf32>, %d: tensor<i32>) {
  // expected-error @+2 {{'ArgMax' attr 'output_type' does not allow dtype float (allowed: int16, uint16, int32, int64)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ArgMax"(%x, %d) {output_type = f32} : (tensor<2x3xf32>, tensor<i32>) -> (tensor<2xf32>, !kiln.control)
  return
}

// -----

// Tests that an operand of a fixed dtype (Select's bool condition) is checked.
func.func @select_condition_dtype(%c: tensor<2xf32>, %t: tensor<2xf32>) {
  // expected-error @+2 {{'Select' input 'condition' has dtype float but must be bool}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Select"(%c, %t, %t) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, !kiln.control)
  return
}

// -----

// Tests that a type attr must hold a TensorFlow dtype.
func.func @cast_index(%x: tensor<2xf32>) {
  // The ODS attr constraint rejects it before the shape function runs.
  // expected-error @+1 {{attribute 'DstT' failed to satisfy constraint: a TensorFlow dtype}}
  %0:2 = "kiln.Cast"(%x) {DstT = index} : (tensor<2xf32>) -> (tensor<2xindex>, !kiln.control)
  return
}

// -----

// Tests that MatMul takes matrices only.
func.func @matmul_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'MatMul' input 'a' must have rank 2 but has shape [2,3,4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.MatMul"(%a, %b) : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that MatMul's b is a matrix too.
func.func @matmul_rank_b(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'MatMul' input 'b' must have rank 2 but has shape [3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.MatMul"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that BatchMatMulV2 needs operands of rank 2 or more.
func.func @batch_matmul_rank(%x: tensor<2x3xf32>, %y: tensor<3xf32>) {
  // expected-error @+2 {{'BatchMatMulV2' input 'y' must have rank at least 2 but has shape [3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BatchMatMulV2"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that BatchMatMulV2 merges inner dims after the adjoints.
func.func @batch_matmul_inner(%x: tensor<5x2x3xf32>, %y: tensor<5x3x4xf32>) {
  // expected-error @+2 {{'BatchMatMulV2' inner dimensions differ: 2 vs 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BatchMatMulV2"(%x, %y) {adj_x = true} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that BatchMatMulV2's batch dims must broadcast.
func.func @batch_matmul_batch(%x: tensor<2x2x3xf32>, %y: tensor<3x3x4xf32>) {
  // expected-error @+2 {{'BatchMatMulV2' shapes [2] and [3] are not broadcastable}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BatchMatMulV2"(%x, %y) : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that reduction indices are a scalar or a vector.
func.func @sum_indices_rank(%x: tensor<2x3xf32>, %i: tensor<1x1xi32>) {
  // expected-error @+2 {{'Sum' reduction_indices must be a scalar or vector but has shape [1,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Sum"(%x, %i) : (tensor<2x3xf32>, tensor<1x1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant reduction index must lie in [-rank, rank).
func.func @mean_index_range(%x: tensor<2x3xf32>) {
  %i:2 = "kiln.Const"() {dtype = i32, value = dense<[0, 2]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Mean' reduction index 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Mean"(%x, %i#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that ArgMax rejects a scalar input.
func.func @argmax_scalar(%x: tensor<f32>, %d: tensor<i32>) {
  // expected-error @+2 {{'ArgMax' input 'input' must have rank at least 1 but has shape []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ArgMax"(%x, %d) : (tensor<f32>, tensor<i32>) -> (tensor<*xi64>, !kiln.control)
  return
}

// -----

// Tests that ArgMax's dimension is a scalar.
func.func @argmax_dimension_rank(%x: tensor<2x3xf32>, %d: tensor<1xi32>) {
  // expected-error @+2 {{'ArgMax' input 'dimension' must have rank 0 but has shape [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ArgMax"(%x, %d) : (tensor<2x3xf32>, tensor<1xi32>) -> (tensor<*xi64>, !kiln.control)
  return
}

// -----

// Tests that a constant ArgMax dimension must lie in [-rank, rank).
func.func @argmax_dimension_range(%x: tensor<2x3xf32>) {
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<-3> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  // expected-error @+2 {{'ArgMax' dimension -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ArgMax"(%x, %d#0) : (tensor<2x3xf32>, tensor<i32>) -> (tensor<*xi64>, !kiln.control)
  return
}

// -----

// Tests that Select's t and e share one shape.
func.func @select_t_e(%c: tensor<i1>, %t: tensor<2x3xf32>, %e: tensor<3x2xf32>) {
  // expected-error @+2 {{'Select' shapes of t and e differ: [2,3] vs [3,2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Select"(%c, %t, %e) : (tensor<i1>, tensor<2x3xf32>, tensor<3x2xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a vector condition picks rows: its size is t's first dim.
func.func @select_condition_rows(%c: tensor<3xi1>, %t: tensor<2x4xf32>) {
  // expected-error @+2 {{'Select' size of condition and first dimension of t differ: 3 vs 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Select"(%c, %t, %t) : (tensor<3xi1>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a condition of rank > 1 has t's shape.
// (The shapes print as t's, then the condition's.)
func.func @select_condition_shape(%c: tensor<2x2xi1>, %t: tensor<2x3xf32>) {
  // expected-error @+2 {{'Select' shapes of t and condition differ: [2,3] vs [2,2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Select"(%c, %t, %t) : (tensor<2x2xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that SelectV2 broadcasts the condition with t and e.
func.func @select_v2(%c: tensor<4xi1>, %t: tensor<2x3xf32>, %e: tensor<f32>) {
  // expected-error @+2 {{'SelectV2' shapes [4] and [2,3] are not broadcastable}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.SelectV2"(%c, %t, %e) : (tensor<4xi1>, tensor<2x3xf32>, tensor<f32>) -> (tensor<*xf32>, !kiln.control)
  return
}
