// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the array ops that join or slice tensors: ConcatV2 and
// Pack (runtime/graph/shape_fns_array.cc), Slice and StridedSlice
// (shape_fns_slice.cc). Each message is followed by MLIR's "failed to infer
// returned types" on the same op. invalid.mlir has the list dtype cases.

// Tests that ConcatV2 needs two values.
func.func @concat_one_value(%x: tensor<2xf32>, %a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' needs at least 2 values but got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %a) {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<2xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that ConcatV2's axis is a scalar.
func.func @concat_axis_rank(%x: tensor<2xf32>, %a: tensor<1xi32>) {
  // expected-error @+2 {{'ConcatV2' input 'axis' must have rank 0 but has shape [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %x, %a) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2xf32>, tensor<2xf32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that concatenated values share a rank.
func.func @concat_ranks(%x: tensor<2xf32>, %y: tensor<2x3xf32>, %a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' values[1] has shape [2,3] but values[0] has shape [2] (ranks differ)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %y, %a) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2xf32>, tensor<2x3xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that scalars cannot be concatenated.
func.func @concat_scalars(%x: tensor<f32>, %a: tensor<i32>) {
  // expected-error @+2 {{'ConcatV2' cannot concatenate scalars}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %x, %a) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<f32>, tensor<f32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant axis must lie in [-rank, rank).
func.func @concat_axis_range(%x: tensor<2x3xf32>) {
  %a:2 = "kiln.Const"() {dtype = i32, value = dense<2> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  // expected-error @+2 {{'ConcatV2' axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %x, %a#0) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that values agree on every dim but the axis.
func.func @concat_dims(%x: tensor<2x3xf32>, %y: tensor<4x5xf32>) {
  %a:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  // expected-error @+2 {{'ConcatV2' values[0] and values[1] differ in dimension 0: 2 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.ConcatV2"(%x, %y, %a#0) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2x3xf32>, tensor<4x5xf32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Pack needs a value (reachable only with T written out, since
// with no values there is nothing to take T from).
func.func @pack_no_values() {
  // expected-error @+2 {{'Pack' needs at least 1 value}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Pack"() {T = f32, operandSegmentSizes = array<i32: 0, 0>} : () -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that packed values share one shape.
func.func @pack_shapes(%x: tensor<2xf32>, %y: tensor<3xf32>) {
  // expected-error @+2 {{'Pack' shapes of the values differ: [2] vs [3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Pack"(%x, %y) {operandSegmentSizes = array<i32: 2, 0>} : (tensor<2xf32>, tensor<3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Pack's axis lies in [-rank - 1, rank].
func.func @pack_axis(%x: tensor<2xf32>) {
  // expected-error @+2 {{'Pack' axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Pack"(%x, %x) {axis = 2 : i64, operandSegmentSizes = array<i32: 2, 0>} : (tensor<2xf32>, tensor<2xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Slice's begin is a vector.
func.func @slice_begin_rank(%x: tensor<4xf32>, %b: tensor<i32>, %s: tensor<1xi32>) {
  // expected-error @+2 {{'Slice' input 'begin' must have rank 1 but has shape []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b, %s) : (tensor<4xf32>, tensor<i32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Slice's size is a vector.
func.func @slice_size_rank(%x: tensor<4xf32>, %b: tensor<1xi32>, %s: tensor<1x1xi32>) {
  // expected-error @+2 {{'Slice' input 'size' must have rank 1 but has shape [1,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b, %s) : (tensor<4xf32>, tensor<1xi32>, tensor<1x1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that begin and size have one value per dim of the input.
func.func @slice_lengths(%x: tensor<4x6xf32>, %b: tensor<2xi32>, %s: tensor<3xi32>) {
  // expected-error @+2 {{'Slice' begin and size must have one value per dim of input shape [4,6], not 2 and 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b, %s) : (tensor<4x6xf32>, tensor<2xi32>, tensor<3xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant begin lies in [0, dim].
func.func @slice_begin_range(%x: tensor<4x6xf32>, %s: tensor<2xi32>) {
  %b:2 = "kiln.Const"() {dtype = i32, value = dense<[0, 7]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Slice' begin 7 is out of range in dimension 1 of shape [4,6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b#0, %s) : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that -1 is the only negative size.
func.func @slice_size_invalid(%x: tensor<4x6xf32>, %b: tensor<2xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[-2, 1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Slice' size -2 is invalid in dimension 0 of shape [4,6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b, %s#0) : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a slice ends inside its dim.
func.func @slice_end(%x: tensor<4x6xf32>) {
  %b:2 = "kiln.Const"() {dtype = i32, value = dense<[3, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 6]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'Slice' slice of size 2 at 3 is out of range in dimension 0 of shape [4,6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Slice"(%x, %b#0, %s#0) : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that StridedSlice's strides are a vector.
func.func @strided_strides_rank(%x: tensor<4xf32>, %b: tensor<1xi32>, %s: tensor<i32>) {
  // expected-error @+2 {{'StridedSlice' input 'strides' must have rank 1 but has shape []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %s) : (tensor<4xf32>, tensor<1xi32>, tensor<1xi32>, tensor<i32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that StridedSlice's begin is a vector.
func.func @strided_begin_rank(%x: tensor<4xf32>, %b: tensor<1x1xi32>, %e: tensor<1xi32>) {
  // expected-error @+2 {{'StridedSlice' input 'begin' must have rank 1 but has shape [1,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %e, %e) : (tensor<4xf32>, tensor<1x1xi32>, tensor<1xi32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that StridedSlice's end is a vector.
func.func @strided_end_rank(%x: tensor<4xf32>, %b: tensor<1xi32>, %e: tensor<1x1xi32>) {
  // expected-error @+2 {{'StridedSlice' input 'end' must have rank 1 but has shape [1,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %e, %b) : (tensor<4xf32>, tensor<1xi32>, tensor<1x1xi32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a slice spec has at most one ellipsis.
func.func @strided_two_ellipses(%x: tensor<4x6xf32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{'StridedSlice' has more than one ellipsis (ellipsis_mask 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %b) {ellipsis_mask = 3 : i64} : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that begin, end and strides have one length.
func.func @strided_lengths(%x: tensor<4x6xf32>, %b: tensor<2xi32>, %e: tensor<?xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' begin, end and strides must have the same length, not 2, ? and 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %e, %s#0) : (tensor<4x6xf32>, tensor<2xi32>, tensor<?xi32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a slice spec holds at most 62 values (the masks' bits).
func.func @strided_too_long(%x: tensor<4xf32>, %b: tensor<63xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<63xi32>} : () -> (tensor<63xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' has 63 slice values; at most 62 are supported}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %s#0) : (tensor<4xf32>, tensor<63xi32>, tensor<63xi32>, tensor<63xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a slice spec indexes no more dims than the input has.
func.func @strided_too_many_dims(%x: tensor<4xf32>, %b: tensor<2xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' slice spec indexes more dims than the input's rank 1 (input shape [4])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %s#0) : (tensor<4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that strides are non-zero.
func.func @strided_zero_stride(%x: tensor<4x6xf32>, %b: tensor<2xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' strides[1] must be non-zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %s#0) : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an index (a shrunk dim) takes a positive stride.
func.func @strided_index_stride(%x: tensor<4xf32>, %b: tensor<1xi32>) {
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' only stride 1 is allowed on an index (dimension 0)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b, %b, %s#0) {shrink_axis_mask = 1 : i64} : (tensor<4xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that a constant index lies in [-dim, dim).
func.func @strided_index_range(%x: tensor<4x6xf32>) {
  %b:2 = "kiln.Const"() {dtype = i32, value = dense<[0, -7]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %s:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  // expected-error @+2 {{'StridedSlice' index -7 is out of bounds for dimension 1 of size 6 (input shape [4,6])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.StridedSlice"(%x, %b#0, %b#0, %s#0) {shrink_axis_mask = 2 : i64} : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<*xf32>, !kiln.control)
  return
}
